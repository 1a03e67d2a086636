import JSON

/// The text `ToString` produces: strings as they are, everything else as compact JSON whose numbers are written the
/// way JavaScript writes them (the service's documented outputs: `ToString(125)` is `"125"`, `ToString(0.1234)` is
/// `"0.1234"`, `ToString(NaN)` is `"NaN"`, `ToString(Infinity)` is `"Infinity"`).
enum ValueText {
    static func text(of value: JSONValue) -> String {
        if case .string(let string) = value { return string }
        var writer = JSONWriter()
        self.write(value, into: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    private static func write(_ value: JSONValue, into writer: inout JSONWriter) {
        switch value {
        case .null, .bool, .integer, .string:
            writer.write(value)
        case .double(let double):
            var text = self.numberText(double)
            text.withUTF8 { writer.writeRaw(UnsafeRawBufferPointer($0)) }
        case .array(let elements):
            writer.writeByte(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { writer.writeByte(UInt8(ascii: ",")) }
                self.write(element, into: &writer)
            }
            writer.writeByte(UInt8(ascii: "]"))
        case .object(let object):
            writer.writeByte(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { writer.writeByte(UInt8(ascii: ",")) }
                writer.writeString(member.key)
                writer.writeByte(UInt8(ascii: ":"))
                self.write(member.value, into: &writer)
            }
            writer.writeByte(UInt8(ascii: "}"))
        }
    }

    /// ECMAScript `Number.prototype.toString()` for `value`, built from Swift's shortest round-trip digits:
    /// plain digits from 1e-6 up to 1e21, exponent notation (`1e+21`, `1.5e-7`) outside that range.
    static func numberText(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return "0" }
        let sign = value < 0 ? "-" : ""
        let (digits, pointPosition) = self.shortestDigits(abs(value))
        let k = digits.count
        let n = pointPosition
        if k <= n && n <= 21 {
            return sign + digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            return sign + String(digits.prefix(n)) + "." + String(digits.dropFirst(n))
        }
        if -6 < n && n <= 0 {
            return sign + "0." + String(repeating: "0", count: -n) + digits
        }
        let exponent = n - 1
        let exponentText = exponent >= 0 ? "+\(exponent)" : "\(exponent)"
        let mantissa = k == 1 ? digits : String(digits.prefix(1)) + "." + String(digits.dropFirst(1))
        return sign + mantissa + "e" + exponentText
    }

    /// The significant digits of a positive finite double (no leading or trailing zeros) and the position `n` of the
    /// decimal point, so that the value is `0.d1d2…dk × 10^n`.
    private static func shortestDigits(_ value: Double) -> (digits: String, pointPosition: Int) {
        let text = value.description
        var mantissa = Substring(text)
        var exponent = 0
        if let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[text.startIndex..<marker]
            exponent = Int(text[text.index(after: marker)...]) ?? 0
        }
        var digits = ""
        var integerDigitCount = 0
        var seenPoint = false
        for character in mantissa {
            if character == "." {
                seenPoint = true
            } else if character.isASCII, character.isNumber {
                digits.append(character)
                if !seenPoint { integerDigitCount += 1 }
            }
        }
        var pointPosition = integerDigitCount + exponent
        while digits.first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.last == "0" {
            digits.removeLast()
        }
        return (digits.isEmpty ? "0" : digits, pointPosition)
    }
}
