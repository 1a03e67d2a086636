/// `Array.withUnsafeBytes` with a typed error, so leaf operations keep throwing ``LMDBError``.
@inline(__always)
func withBytes<R>(of array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(LMDBError) -> R) throws(LMDBError) -> R {
    let result: Result<R, LMDBError> = array.withUnsafeBytes { bytes in
        do throws(LMDBError) {
            return .success(try body(bytes))
        } catch {
            return .failure(error)
        }
    }
    return try result.get()
}
