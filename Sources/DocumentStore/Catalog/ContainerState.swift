/// The counters a container's writes advance: the next document sequence number, the next log sequence number,
/// the last write time, and the number of stored documents in each partition key range (so counts never scan).
struct ContainerState: Sendable, Hashable {
    var nextSequenceNumber: UInt64
    var nextLSN: UInt64
    var lastTimestampMillis: Int64
    var rangeCounts: [Int64]

    init(rangeCount: Int) {
        self.nextSequenceNumber = 1
        self.nextLSN = 1
        self.lastTimestampMillis = 0
        self.rangeCounts = Array(repeating: 0, count: rangeCount)
    }

    var documentCount: Int64 { self.rangeCounts.reduce(0, +) }

    /// Fixed little-endian layout: three 8-byte fields, a 2-byte range count, then one 8-byte count per range.
    var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(26 + 8 * self.rangeCounts.count)
        withUnsafeBytes(of: self.nextSequenceNumber.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: self.nextLSN.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: self.lastTimestampMillis.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt16(self.rangeCounts.count).littleEndian) { bytes.append(contentsOf: $0) }
        for count in self.rangeCounts {
            withUnsafeBytes(of: count.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    init?(decoding bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 26 else { return nil }
        self.nextSequenceNumber = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        self.nextLSN = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        self.lastTimestampMillis = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: 16, as: Int64.self))
        let rangeCount = Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 24, as: UInt16.self)))
        guard bytes.count >= 26 + 8 * rangeCount else { return nil }
        self.rangeCounts = (0..<rangeCount).map {
            Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: 26 + 8 * $0, as: Int64.self))
        }
    }
}
