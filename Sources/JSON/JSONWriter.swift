/// Writes compact JSON (no insignificant whitespace) into a byte buffer.
///
/// Strings are escaped minimally (quote, backslash and control characters) and non-ASCII text is written as raw
/// UTF-8. Doubles use Swift's shortest round-trip form; a non-finite double, which JSON cannot express, is written as
/// `null`.
public struct JSONWriter {
    public private(set) var bytes: [UInt8]

    public init(reservingCapacity capacity: Int = 256) {
        self.bytes = []
        self.bytes.reserveCapacity(capacity)
    }

    /// Goes on writing after `bytes` (hand the buffer over without keeping another reference, so that it is not
    /// copied on the first write).
    public init(continuing bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Compact JSON bytes for `value`.
    public static func bytes(from value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.write(value)
        return writer.bytes
    }

    /// Compact JSON text for `value`.
    public static func string(from value: JSONValue) -> String {
        String(decoding: self.bytes(from: value), as: UTF8.self)
    }

    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null:
            self.writeRaw("null")
        case .bool(let flag):
            self.writeRaw(flag ? "true" : "false")
        case .integer(let integer):
            self.writeInteger(integer)
        case .double(let double):
            self.writeDouble(double)
        case .string(let string):
            self.writeString(string)
        case .array(let elements):
            self.bytes.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { self.bytes.append(UInt8(ascii: ",")) }
                self.write(element)
            }
            self.bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            self.bytes.append(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { self.bytes.append(UInt8(ascii: ",")) }
                self.writeString(member.key)
                self.bytes.append(UInt8(ascii: ":"))
                self.write(member.value)
            }
            self.bytes.append(UInt8(ascii: "}"))
        }
    }

    public mutating func writeInteger(_ value: Int64) {
        if value >= 0 && value < 10 {
            self.bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = value.magnitude
            var position = 20
            repeat {
                position -= 1
                digits[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { self.bytes.append(UInt8(ascii: "-")) }
            self.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[position..<20]))
        }
    }

    public mutating func writeDouble(_ value: Double) {
        guard value.isFinite else {
            self.writeRaw("null")
            return
        }
        var text = value.description
        text.withUTF8 { self.bytes.append(contentsOf: $0) }
    }

    /// Writes `string` as a quoted, escaped JSON string.
    public mutating func writeString(_ string: String) {
        var string = string
        string.withUTF8 { self.writeString(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// Writes UTF-8 text as a quoted, escaped JSON string.
    public mutating func writeString(utf8 text: UnsafeRawBufferPointer) {
        self.bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<text.count {
            let byte = text[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if index > runStart {
                self.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[runStart..<index]))
            }
            self.appendEscape(for: byte)
            runStart = index + 1
        }
        if text.count > runStart {
            self.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[runStart..<text.count]))
        }
        self.bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(for byte: UInt8) {
        self.bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): self.bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): self.bytes.append(UInt8(ascii: "\\"))
        case 0x0A: self.bytes.append(UInt8(ascii: "n"))
        case 0x0D: self.bytes.append(UInt8(ascii: "r"))
        case 0x09: self.bytes.append(UInt8(ascii: "t"))
        case 0x08: self.bytes.append(UInt8(ascii: "b"))
        case 0x0C: self.bytes.append(UInt8(ascii: "f"))
        default:
            let digits = "0123456789abcdef".utf8
            self.bytes.append(UInt8(ascii: "u"))
            self.bytes.append(UInt8(ascii: "0"))
            self.bytes.append(UInt8(ascii: "0"))
            self.bytes.append(digits[digits.index(digits.startIndex, offsetBy: Int(byte >> 4))])
            self.bytes.append(digits[digits.index(digits.startIndex, offsetBy: Int(byte & 0xF))])
        }
    }

    /// Appends bytes that are already valid JSON (a stored document, a literal).
    public mutating func writeRaw(_ raw: UnsafeRawBufferPointer) {
        self.bytes.append(contentsOf: raw)
    }

    /// Appends bytes that are already valid JSON.
    public mutating func writeRaw(_ raw: [UInt8]) {
        self.bytes.append(contentsOf: raw)
    }

    /// Makes room for `count` more bytes at once (a caller that knows the size saves the growth copies). The
    /// buffer grows at least geometrically, so that many rows written one after another into one buffer stay linear.
    public mutating func reserveCapacity(forAdditional count: Int) {
        let needed = self.bytes.count + count
        guard needed > self.bytes.capacity else { return }
        self.bytes.reserveCapacity(self.bytes.isEmpty ? needed : max(needed, 2 * self.bytes.capacity))
    }

    /// Appends ASCII punctuation or a literal.
    public mutating func writeRaw(_ literal: StaticString) {
        self.bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends one byte of punctuation (`,`, `:`, brackets).
    public mutating func writeByte(_ byte: UInt8) {
        self.bytes.append(byte)
    }

    /// Empties the buffer, keeping its capacity.
    public mutating func reset() {
        self.bytes.removeAll(keepingCapacity: true)
    }
}
