@testable import QueryEngine
import Testing

@Suite struct IndexScanKeyTests {
    /// Keys up to 32 bytes are kept inline and longer ones in an array; both read back exactly and compare and hash by
    /// their bytes, whichever way they are kept.
    @Test(arguments: [0, 1, 9, 17, 31, 32, 33, 64, 300])
    func keysReadBackExactlyAtEveryLength(_ length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let key = IndexScanKey(bytes)
        #expect(key.count == length)
        #expect(key.bytes == bytes)
        #expect(key == bytes.withUnsafeBytes { IndexScanKey($0) })
        #expect(Set([key, IndexScanKey(bytes)]).count == 1)
        if length > 0 {
            var changed = bytes
            changed[length - 1] ^= 0xFF
            #expect(key != IndexScanKey(changed))
            #expect(key != IndexScanKey(Array(bytes.dropLast())))
        }
    }
}
