/// Composes short ASCII text (resource ids, etags, links) in caller-provided memory, so that the system properties
/// written with every returned document cost no String building and no allocation.
struct ASCIIComposer {
    private let storage: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    init(_ storage: UnsafeMutableBufferPointer<UInt8>) {
        self.storage = storage
    }

    /// What has been written so far.
    var written: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(self.storage)[0..<self.count])
    }

    mutating func append(_ byte: UInt8) {
        self.storage[self.count] = byte
        self.count += 1
    }

    mutating func append(_ literal: StaticString) {
        let count = literal.utf8CodeUnitCount
        (self.storage.baseAddress! + self.count).update(from: literal.utf8Start, count: count)
        self.count += count
    }

    /// `value` in lowercase hexadecimal, zero-padded to `digits` (the high digits are cut if it is wider).
    mutating func appendHex(_ value: UInt64, digits: Int) {
        let hexDigits = Self.hexDigits.utf8Start
        let output = self.storage.baseAddress! + self.count
        var remaining = value
        for position in stride(from: digits - 1, through: 0, by: -1) {
            output[position] = hexDigits[Int(remaining & 0xF)]
            remaining >>= 4
        }
        self.count += digits
    }

    /// `value` in decimal.
    mutating func appendDecimal(_ value: Int64) {
        if value < 0 { self.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits = 1
        var scale: UInt64 = 10
        while digits < 20 && magnitude >= scale {
            digits += 1
            scale = scale &* 10
        }
        // Written right to left: one division per digit.
        for position in stride(from: self.count + digits - 1, through: self.count, by: -1) {
            self.storage[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        }
        self.count += digits
    }

    /// Standard base64 with padding, with `/` written as `-` (Cosmos resource ids appear in paths).
    mutating func appendResourceBase64(_ bytes: UnsafeRawBufferPointer) {
        let alphabet = Self.alphabet.utf8Start
        var output = self.storage.baseAddress! + self.count
        var index = 0
        while index + 2 < bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            output[0] = alphabet[Int((chunk >> 18) & 63)]
            output[1] = alphabet[Int((chunk >> 12) & 63)]
            output[2] = alphabet[Int((chunk >> 6) & 63)]
            output[3] = alphabet[Int(chunk & 63)]
            output += 4
            index += 3
        }
        let remaining = bytes.count - index
        if remaining > 0 {
            var chunk = UInt32(bytes[index]) << 16
            if remaining == 2 { chunk |= UInt32(bytes[index + 1]) << 8 }
            output[0] = alphabet[Int((chunk >> 18) & 63)]
            output[1] = alphabet[Int((chunk >> 12) & 63)]
            output[2] = remaining == 2 ? alphabet[Int((chunk >> 6) & 63)] : UInt8(ascii: "=")
            output[3] = UInt8(ascii: "=")
            output += 4
        }
        self.count = output - self.storage.baseAddress!
    }

    /// Appends a copy of bytes this composer wrote earlier (`range` of ``written``).
    mutating func appendCopy(of range: Range<Int>) {
        let base = self.storage.baseAddress!
        (base + self.count).update(from: base + range.lowerBound, count: range.count)
        self.count += range.count
    }

    /// Runs `body` with a composer over `capacity` bytes of stack memory and returns what it wrote as a String.
    static func string(capacity: Int, _ body: (inout ASCIIComposer) -> Void) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { storage in
            var composer = ASCIIComposer(storage)
            body(&composer)
            return String(decoding: composer.written, as: UTF8.self)
        }
    }

    // Static strings, not arrays: a lookup is a load from constant memory, with no lazy global and no reference count.
    private static let hexDigits: StaticString = "0123456789abcdef"
    private static let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-"
}
