/// UTF-8 checks that report where a sequence goes wrong (Swift's own validation only says whether it does).
enum UTF8Validation {
    /// Validates `count` bytes at `start` per RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
    /// - Parameter offset: the offset of `start` in the whole input, for the error.
    static func validate(_ start: UnsafePointer<UInt8>, count: Int, offset: Int) throws(JSONSyntaxError) {
        var index = 0
        while index < count {
            let lead = start[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default:
                throw JSONSyntaxError(reason: Self.leadProblem(lead), offset: offset + index)
            }
            guard index + length <= count else {
                throw JSONSyntaxError(reason: "truncated UTF-8 sequence", offset: offset + index)
            }
            let second = start[index + 1]
            guard second >= lower && second <= upper else {
                let reason = (lead == 0xED && second >= 0xA0) ? "UTF-8 encoded surrogate (U+D800...U+DFFF)" :
                    (lead == 0xF4 && second >= 0x90) ? "UTF-8 sequence above U+10FFFF" :
                    (second >= 0x80 && second <= 0xBF) ? "overlong UTF-8 sequence" : "invalid UTF-8 continuation byte"
                throw JSONSyntaxError(reason: reason, offset: offset + index)
            }
            for continuation in 2..<length where start[index + continuation] & 0xC0 != 0x80 {
                throw JSONSyntaxError(reason: "invalid UTF-8 continuation byte", offset: offset + index + continuation)
            }
            index += length
        }
    }

    private static func leadProblem(_ lead: UInt8) -> String {
        switch lead {
        case 0x80...0xBF: "UTF-8 continuation byte without a lead byte"
        case 0xC0, 0xC1: "overlong UTF-8 sequence"
        default: "invalid UTF-8 byte 0x" + String(lead, radix: 16, uppercase: true)
        }
    }

    /// Appends the UTF-8 encoding of a (non-surrogate) scalar value.
    static func appendScalar(_ scalar: UInt32, to bytes: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            bytes.append(UInt8(scalar))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | (scalar >> 6)))
            bytes.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | (scalar >> 12)))
            bytes.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (scalar >> 18)))
            bytes.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}
