/// Decodes Avro binary encoding against a writer schema: zig-zag variable-length integers, little-endian floats,
/// length-prefixed bytes and strings, block-encoded arrays and maps, index-prefixed unions.
struct AvroDecoder {
    private let bytes: [UInt8]
    private(set) var position: Int

    init(_ bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var isAtEnd: Bool { self.position >= self.bytes.count }

    mutating func decode(_ schema: AvroSchema) throws(AvroError) -> AvroValue {
        switch schema {
        case .null:
            return .null
        case .boolean:
            return .boolean(try self.byte() != 0)
        case .int:
            let value = try self.long()
            guard let narrowed = Int32(exactly: value) else { throw AvroError("an int value is out of range") }
            return .int(narrowed)
        case .long:
            return .long(try self.long())
        case .float:
            return .float(Float(bitPattern: try self.fixedInteger(4) as UInt32))
        case .double:
            return .double(Double(bitPattern: try self.fixedInteger(8) as UInt64))
        case .bytes:
            return .bytes(try self.lengthPrefixed())
        case .string:
            let raw = try self.lengthPrefixed()
            guard let text = String(validating: raw, as: UTF8.self) else { throw AvroError("a string is not valid UTF-8") }
            return .string(text)
        case .record(_, let fields):
            var values: [String: AvroValue] = [:]
            for field in fields {
                values[field.name] = try self.decode(field.type)
            }
            return .record(values)
        case .enumeration(_, let symbols):
            let index = try self.long()
            guard index >= 0, index < symbols.count else { throw AvroError("an enum index is out of range") }
            return .enumeration(symbols[Int(index)])
        case .array(let items):
            var values: [AvroValue] = []
            try self.blocks { (decoder) throws(AvroError) in values.append(try decoder.decode(items)) }
            return .array(values)
        case .map(let valueSchema):
            var values: [String: AvroValue] = [:]
            try self.blocks { (decoder) throws(AvroError) in
                guard case .string(let key) = try decoder.decode(.string) else { return }
                values[key] = try decoder.decode(valueSchema)
            }
            return .map(values)
        case .union(let branches):
            let index = try self.long()
            guard index >= 0, index < branches.count else { throw AvroError("a union branch index is out of range") }
            return try self.decode(branches[Int(index)])
        case .fixed(_, let size):
            return .fixed(try self.take(size))
        }
    }

    /// Arrays and maps come in blocks: a count (negative: followed by the block's byte size), items, until 0.
    private mutating func blocks(_ item: (inout AvroDecoder) throws(AvroError) -> Void) throws(AvroError) {
        while true {
            var count = try self.long()
            if count == 0 { return }
            if count < 0 {
                // Int64.min has no positive counterpart; damaged data must not trap.
                guard count != .min else { throw AvroError("an array or map block count is out of range") }
                count = -count
                _ = try self.long()
            }
            guard count <= self.bytes.count - self.position + 1 else { throw AvroError.truncated("an array or map block") }
            for _ in 0..<count {
                try item(&self)
            }
        }
    }

    /// A zig-zag encoded variable-length long.
    mutating func long() throws(AvroError) -> Int64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try self.byte()
            guard shift < 64 else { throw AvroError("a variable-length integer is too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        return Int64(bitPattern: (result >> 1) ^ (0 &- (result & 1)))
    }

    mutating func lengthPrefixed() throws(AvroError) -> [UInt8] {
        let length = try self.long()
        guard length >= 0 else { throw AvroError("a negative length") }
        return try self.take(Int(length))
    }

    mutating func take(_ count: Int) throws(AvroError) -> [UInt8] {
        guard count >= 0, count <= self.bytes.count - self.position else { throw AvroError.truncated("a value") }
        defer { self.position += count }
        return Array(self.bytes[self.position..<(self.position + count)])
    }

    /// Moves past `count` bytes without copying them.
    mutating func skip(_ count: Int) throws(AvroError) {
        guard count >= 0, count <= self.bytes.count - self.position else { throw AvroError.truncated("a value") }
        self.position += count
    }

    private mutating func byte() throws(AvroError) -> UInt8 {
        guard self.position < self.bytes.count else { throw AvroError.truncated("a value") }
        defer { self.position += 1 }
        return self.bytes[self.position]
    }

    private mutating func fixedInteger<T: FixedWidthInteger>(_ size: Int) throws(AvroError) -> T {
        let raw = try self.take(size)
        var value: T = 0
        for (index, byte) in raw.enumerated() {
            value |= T(byte) << (8 * index)
        }
        return value
    }
}
