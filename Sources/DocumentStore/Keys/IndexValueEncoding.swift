public import JSON

/// Order-preserving byte encoding of JSON scalars for index keys: comparing encodings byte by byte orders values as
/// the query language does (undefined < null < false < true < numbers < strings < arrays < objects; numbers by
/// value; strings by UTF-8 bytes, which is Unicode code point order).
///
/// Explicitly indexed paths also get an entry when the value is undefined, an array or an object (a marker byte
/// alone), so that ORDER BY can stream from the index and still return every document; the order among arrays and
/// among objects is settled in memory.
///
/// - Numbers are doubles (integers converted) with the sign bit flipped for positives and all bits flipped for
///   negatives, so that unsigned byte order is numeric order; `-0` is encoded as `0`.
/// - Strings are their UTF-8 bytes with `0x00` escaped as `00 01`, closed by `00 00`, so no encoding is a prefix of
///   another. At most ``maximumStringBytes`` bytes are kept; a longer string is cut there and closed by `00 02`,
///   which sorts after every complete string with that prefix. Index scans treat such keys as candidates only; the
///   query's exact filter decides. (The limit counts encoded bytes, so index keys stay far below LMDB's 511.)
public enum IndexValueEncoding {
    public static let maximumStringBytes = 256

    public enum Marker: UInt8 {
        case undefined = 0x00
        case null = 0x01
        case falseValue = 0x02
        case trueValue = 0x03
        case number = 0x05
        case string = 0x08
        case array = 0x0A
        case object = 0x0B
    }

    /// Appends the encoding of `value`; answers `false` (appending nothing) for arrays and objects, which are not
    /// range-indexed.
    @discardableResult
    public static func append(_ value: JSONValue, to bytes: inout [UInt8]) -> Bool {
        switch value {
        case .null:
            bytes.append(Marker.null.rawValue)
        case .bool(let flag):
            bytes.append(flag ? Marker.trueValue.rawValue : Marker.falseValue.rawValue)
        case .integer(let integer):
            self.appendNumber(Double(integer), to: &bytes)
        case .double(let double):
            self.appendNumber(double, to: &bytes)
        case .string(let string):
            self.appendString(string, to: &bytes)
        case .array, .object:
            return false
        }
        return true
    }

    /// The encoding of `value`, or `nil` for arrays and objects.
    public static func encode(_ value: JSONValue) -> [UInt8]? {
        var bytes: [UInt8] = []
        return self.append(value, to: &bytes) ? bytes : nil
    }

    public static func appendNumber(_ number: Double, to bytes: inout [UInt8]) {
        bytes.append(Marker.number.rawValue)
        let bits = (number == 0 ? 0.0 : number).bitPattern
        let ordered = bits & (1 << 63) == 0 ? bits | (1 << 63) : ~bits
        withUnsafeBytes(of: ordered.bigEndian) { bytes.append(contentsOf: $0) }
    }

    public static func appendString(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(Marker.string.rawValue)
        var written = 0
        for byte in string.utf8 {
            if written >= self.maximumStringBytes {
                bytes.append(0x00)
                bytes.append(0x02)
                return
            }
            bytes.append(byte)
            written += 1
            if byte == 0x00 {
                bytes.append(0x01)
                written += 1
            }
        }
        bytes.append(0x00)
        bytes.append(0x00)
    }

    /// Whether the encoded string at the end of a key was cut at ``maximumStringBytes``.
    public static func isTruncatedString(_ encoded: UnsafeRawBufferPointer) -> Bool {
        encoded.count >= 3 && encoded[0] == Marker.string.rawValue && encoded[encoded.count - 2] == 0x00
            && encoded[encoded.count - 1] == 0x02
    }

    /// The marker-only entry of a value that is not range-indexed itself: undefined, an array or an object.
    public static func appendPresence(of value: JSONValue?, to bytes: inout [UInt8]) {
        switch value {
        case nil: bytes.append(Marker.undefined.rawValue)
        case .array?: bytes.append(Marker.array.rawValue)
        case .object?: bytes.append(Marker.object.rawValue)
        case let scalar?: self.append(scalar, to: &bytes)
        }
    }

    /// The length of the encoded value at the start of `bytes` (the rest of an index key follows it).
    public static func encodedLength(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let marker = bytes.first else { return nil }
        switch marker {
        case Marker.undefined.rawValue, Marker.array.rawValue, Marker.object.rawValue,
            Marker.null.rawValue, Marker.falseValue.rawValue, Marker.trueValue.rawValue:
            return 1
        case Marker.number.rawValue:
            return bytes.count >= 9 ? 9 : nil
        case Marker.string.rawValue:
            var index = 1
            while index + 1 < bytes.count {
                if bytes[index] == 0x00 {
                    if bytes[index + 1] != 0x01 {
                        return index + 2
                    }
                    index += 2
                } else {
                    index += 1
                }
            }
            return nil
        default:
            return nil
        }
    }

    /// Decodes a value written by ``append(_:to:)`` (a truncated string comes back cut). Presence markers decode
    /// to an empty array or object; the undefined marker and malformed input decode to `nil`.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> JSONValue? {
        guard let marker = bytes.first else { return nil }
        switch marker {
        case Marker.array.rawValue: return .array([])
        case Marker.object.rawValue: return .object([:])
        case Marker.null.rawValue: return .null
        case Marker.falseValue.rawValue: return .bool(false)
        case Marker.trueValue.rawValue: return .bool(true)
        case Marker.number.rawValue:
            guard bytes.count >= 9 else { return nil }
            var ordered: UInt64 = 0
            for index in 1...8 { ordered = ordered << 8 | UInt64(bytes[index]) }
            let bits = ordered & (1 << 63) != 0 ? ordered & ~(1 << 63) : ~ordered
            let number = Double(bitPattern: bits)
            return Int64(exactly: number).map(JSONValue.integer) ?? .double(number)
        case Marker.string.rawValue:
            guard let length = self.encodedLength(bytes) else { return nil }
            var raw: [UInt8] = []
            var index = 1
            while index < length - 2 {
                raw.append(bytes[index])
                index += bytes[index] == 0x00 ? 2 : 1
            }
            return .string(String(decoding: raw, as: UTF8.self))
        default:
            return nil
        }
    }
}
