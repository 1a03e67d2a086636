/// The effective partition key (EPK): the hashed form of a partition key value that orders documents into partition
/// key ranges, exactly as Cosmos DB computes it for containers with partition key version 2.
///
/// Each component is serialised (a type marker, then the value: numbers as little-endian IEEE doubles, strings as
/// UTF-8 followed by 0xFF), hashed with MurmurHash3 x64 128 (seed 0), the 16 bytes reversed and the first byte
/// masked with 0x3F. Hash keys hash all components together; hierarchical (MultiHash) keys hash each component
/// separately and concatenate, so a key prefix is an EPK prefix. The textual form is upper-case hex; comparing
/// the bytes compares the text.
public struct EffectivePartitionKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 16 bytes per hashed component (empty for the empty key `[]`).
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The EPK of `value` under a container's partition key definition.
    public init(_ value: PartitionKeyValue, kind: PartitionKeyDefinition.Kind) {
        guard !value.components.isEmpty else {
            self.bytes = []
            return
        }
        switch kind {
        case .hash:
            var serialized: [UInt8] = []
            for component in value.components {
                Self.serialize(component, into: &serialized)
            }
            self.bytes = Self.hash(serialized)
        case .multiHash:
            var bytes: [UInt8] = []
            bytes.reserveCapacity(16 * value.components.count)
            var serialized: [UInt8] = []
            for component in value.components {
                serialized.removeAll(keepingCapacity: true)
                Self.serialize(component, into: &serialized)
                bytes.append(contentsOf: Self.hash(serialized))
            }
            self.bytes = bytes
        }
    }

    /// Parses the upper- or lower-case hex form (`""` is the minimum).
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.bytes = bytes
    }

    /// Upper-case hex, as the wire protocol spells EPKs.
    public var hex: String {
        let digits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(self.bytes.count * 2)
        for byte in self.bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public var description: String { self.hex }

    public static func < (lhs: EffectivePartitionKey, rhs: EffectivePartitionKey) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// The smallest EPK (`""`).
    public static let minimum = EffectivePartitionKey(bytes: [])
    /// The bound above every EPK (`"FF"`).
    public static let maximum = EffectivePartitionKey(bytes: [0xFF])

    private static func serialize(_ component: PartitionKeyValue.Component, into bytes: inout [UInt8]) {
        switch component {
        case .undefined:
            bytes.append(0x00)
        case .null:
            bytes.append(0x01)
        case .bool(let flag):
            bytes.append(flag ? 0x03 : 0x02)
        case .number(let number):
            bytes.append(0x05)
            withUnsafeBytes(of: number.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        case .string(let string):
            bytes.append(0x08)
            bytes.append(contentsOf: string.utf8)
            bytes.append(0xFF)
        }
    }

    private static func hash(_ serialized: [UInt8]) -> [UInt8] {
        let (h1, h2) = serialized.withUnsafeBytes { MurmurHash3.hash128($0) }
        var result = [UInt8](repeating: 0, count: 16)
        // h1 little-endian then h2 little-endian, reversed: h2 big-endian then h1 big-endian.
        for index in 0..<8 {
            result[index] = UInt8(truncatingIfNeeded: h2 >> UInt64(56 - index * 8))
            result[8 + index] = UInt8(truncatingIfNeeded: h1 >> UInt64(56 - index * 8))
        }
        result[0] &= 0x3F
        return result
    }
}

private func hexValue(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    default: nil
    }
}
