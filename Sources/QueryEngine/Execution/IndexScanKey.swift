/// Where a range-index scan stands: the entry's key after the container and path (the encoded value and the sequence
/// number), which a continuation resumes strictly after.
///
/// A streaming page remembers the position of every document it passes, so this is made for every row of an index
/// scan. Keys of up to 32 bytes (every number, strings of up to about 20 bytes) are kept inline, so that costs no
/// allocation; longer keys are kept in an array.
struct IndexScanKey: Sendable, Hashable {
    private typealias Inline = (UInt64, UInt64, UInt64, UInt64)
    private static let inlineCapacity = MemoryLayout<Inline>.size

    private var inline: Inline = (0, 0, 0, 0)
    private var inlineCount = 0
    private var spilled: [UInt8]?

    init(_ bytes: UnsafeRawBufferPointer) {
        if bytes.count <= Self.inlineCapacity {
            if let source = bytes.baseAddress {
                withUnsafeMutableBytes(of: &self.inline) { $0.baseAddress!.copyMemory(from: source, byteCount: bytes.count) }
            }
            self.inlineCount = bytes.count
        } else {
            self.spilled = Array(bytes)
        }
    }

    init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { IndexScanKey($0) }
    }

    var count: Int { self.spilled?.count ?? self.inlineCount }

    /// The key's bytes, for a continuation token or to resume a scan.
    var bytes: [UInt8] { self.withUnsafeBytes { Array($0) } }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let spilled { return try spilled.withUnsafeBytes(body) }
        var inline = self.inline
        let count = self.inlineCount
        return try Swift.withUnsafeBytes(of: &inline) { try body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }

    static func == (lhs: IndexScanKey, rhs: IndexScanKey) -> Bool {
        lhs.withUnsafeBytes { left in rhs.withUnsafeBytes { right in left.elementsEqual(right) } }
    }

    func hash(into hasher: inout Hasher) {
        self.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
