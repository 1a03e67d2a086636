#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Correctly rounded decimal-to-double conversion for already validated JSON number text.
enum NumberParsing {
    /// Powers of ten that are exact doubles (10^0 ... 10^22).
    private static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// The double nearest to the number, or `nil` when it overflows to infinity.
    ///
    /// Most numbers in events (`23.456789`, `-80.84`) take the exact fast path: when the significant digits fit in
    /// 2^53 and the power of ten is at most 22, one IEEE multiply or divide of two exact values is correctly rounded.
    /// Everything else goes to `strtod`, which rounds correctly in all cases.
    static func double(from text: UnsafePointer<UInt8>, count: Int) -> Double? {
        if let fast = self.fastPath(text, count: count) {
            return fast
        }
        let value: Double = withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for index in 0..<count {
                buffer[index] = CChar(bitPattern: text[index])
            }
            buffer[count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
        return value.isFinite ? value : nil
    }

    private static func fastPath(_ text: UnsafePointer<UInt8>, count: Int) -> Double? {
        var index = 0
        var negative = false
        if text[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var decimalExponent = 0
        var seenPoint = false
        while index < count {
            let byte = text[index]
            if byte == UInt8(ascii: ".") {
                seenPoint = true
            } else if byte &- UInt8(ascii: "0") < 10 {
                if mantissa != 0 || byte != UInt8(ascii: "0") {
                    digits += 1
                }
                guard digits <= 15 else { return nil }
                mantissa = mantissa * 10 + UInt64(byte &- UInt8(ascii: "0"))
                if seenPoint { decimalExponent -= 1 }
            } else {
                break  // exponent marker
            }
            index += 1
        }
        if index < count {
            index += 1  // 'e' or 'E'
            var exponentNegative = false
            if text[index] == UInt8(ascii: "-") {
                exponentNegative = true
                index += 1
            } else if text[index] == UInt8(ascii: "+") {
                index += 1
            }
            var exponent = 0
            while index < count {
                exponent = exponent * 10 + Int(text[index] &- UInt8(ascii: "0"))
                guard exponent < 1000 else { return nil }
                index += 1
            }
            decimalExponent += exponentNegative ? -exponent : exponent
        }
        guard mantissa < (1 << 53), decimalExponent >= -22, decimalExponent <= 22 else { return nil }
        var value = Double(mantissa)
        if decimalExponent < 0 {
            value /= self.exactPowersOfTen[-decimalExponent]
        } else {
            value *= self.exactPowersOfTen[decimalExponent]
        }
        return negative ? -value : value
    }
}
