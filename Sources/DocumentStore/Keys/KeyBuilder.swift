/// Builds keys in a reusable buffer: big-endian integers so that byte order is numeric order.
struct KeyBuilder {
    var bytes: [UInt8]

    init(capacity: Int = 64) {
        self.bytes = []
        self.bytes.reserveCapacity(capacity)
    }

    init(container: UInt32) {
        self.init()
        self.append(container)
    }

    @inline(__always)
    mutating func append(_ value: UInt32) {
        self.bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        self.bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        self.bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        self.bytes.append(UInt8(truncatingIfNeeded: value))
    }

    @inline(__always)
    mutating func append(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) {
            self.bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    /// Signed values shifted so that negative numbers sort first.
    @inline(__always)
    mutating func append(signed value: Int64) {
        self.append(UInt64(bitPattern: value) ^ (1 << 63))
    }

    @inline(__always)
    mutating func append(_ bytes: [UInt8]) {
        self.bytes.append(contentsOf: bytes)
    }

    @inline(__always)
    mutating func append(byte: UInt8) {
        self.bytes.append(byte)
    }

    mutating func reset(container: UInt32) {
        self.bytes.removeAll(keepingCapacity: true)
        self.append(container)
    }

    @inline(__always)
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try self.bytes.withUnsafeBytes(body)
    }
}

/// Reads big-endian integers back out of keys and values.
enum KeyReader {
    @inline(__always)
    static func uint32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        var value: UInt32 = 0
        for index in offset..<(offset + 4) { value = value << 8 | UInt32(bytes[index]) }
        return value
    }

    @inline(__always)
    static func uint64(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in offset..<(offset + 8) { value = value << 8 | UInt64(bytes[index]) }
        return value
    }

    @inline(__always)
    static func signed(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int64 {
        Int64(bitPattern: self.uint64(bytes, at: offset) ^ (1 << 63))
    }

    /// Whether `bytes` starts with `prefix`.
    @inline(__always)
    static func hasPrefix(_ bytes: UnsafeRawBufferPointer, _ prefix: [UInt8]) -> Bool {
        guard bytes.count >= prefix.count else { return false }
        for index in 0..<prefix.count where bytes[index] != prefix[index] {
            return false
        }
        return true
    }
}

/// Key parts shared by several keyspaces.
enum KeyParts {
    /// The identity-index suffix for an id: its UTF-8 bytes, or for ids over 400 bytes the first 384 bytes, a 0xFF
    /// marker (never part of UTF-8) and a 128-bit hash of the whole id, so every key stays under LMDB's 511 bytes.
    static func identitySuffix(for id: String) -> [UInt8] {
        let utf8 = Array(id.utf8)
        guard utf8.count > 400 else { return utf8 }
        var suffix = Array(utf8[0..<384])
        suffix.append(0xFF)
        let (h1, h2) = utf8.withUnsafeBytes { MurmurHash3.hash128($0) }
        withUnsafeBytes(of: h1.bigEndian) { suffix.append(contentsOf: $0) }
        withUnsafeBytes(of: h2.bigEndian) { suffix.append(contentsOf: $0) }
        return suffix
    }

    /// A compact tag naming an index path inside keys: each property name length-prefixed, the whole tag too.
    /// `nil` when the path is too long to index (over 64 bytes).
    static func pathTag(_ segments: [String]) -> [UInt8]? {
        var tag: [UInt8] = [0]
        for segment in segments {
            let utf8 = Array(segment.utf8)
            guard utf8.count < 64 else { return nil }
            tag.append(UInt8(utf8.count))
            tag.append(contentsOf: utf8)
        }
        guard tag.count <= 65 else { return nil }
        tag[0] = UInt8(tag.count - 1)
        return tag
    }

    /// The property names a path tag was built from.
    static func segments(ofPathTag tag: [UInt8]) -> [String] {
        var segments: [String] = []
        var index = 1
        while index < tag.count {
            let length = Int(tag[index])
            let end = min(tag.count, index + 1 + length)
            segments.append(String(decoding: tag[(index + 1)..<end], as: UTF8.self))
            index = end
        }
        return segments
    }
}
