/// The recursive-descent parser behind ``JSONReader``: one pass over UTF-8 bytes, no intermediate tokens.
///
/// Recursion depth is bounded by ``JSONReader/maximumDepth``; each level costs one small stack frame.
struct JSONParser {
    private let base: UnsafePointer<UInt8>
    private let count: Int
    private var index = 0
    /// Set when whitespace appeared outside strings (the text was not minified).
    private(set) var sawWhitespace = false
    /// Set when the top-level value is an object.
    private(set) var topLevelIsObject = false
    /// Reused buffer for strings that contain escapes.
    private var scratch: [UInt8] = []
    /// False in validation mode: every rule is checked but no value is built (results are `.null` placeholders).
    private let buildsValues: Bool

    init(base: UnsafePointer<UInt8>, count: Int, buildsValues: Bool = true) {
        self.base = base
        self.count = count
        self.buildsValues = buildsValues
    }

    mutating func parseText() throws(JSONSyntaxError) -> JSONValue {
        if self.count >= 3 && self.base[0] == 0xEF && self.base[1] == 0xBB && self.base[2] == 0xBF {
            throw JSONSyntaxError(reason: "byte-order mark before the JSON text (RFC 8259 forbids it)", offset: 0)
        }
        self.skipWhitespace()
        self.topLevelIsObject = self.peek() == UInt8(ascii: "{")
        let value = try self.parseValue(depth: 0)
        self.skipWhitespace()
        if self.index < self.count {
            throw self.error("unexpected \(self.describeCurrent()) after the JSON value")
        }
        return value
    }

    // MARK: Values

    private mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard self.index < self.count else {
            throw self.error("unexpected end of input, expected a value")
        }
        switch self.base[self.index] {
        case UInt8(ascii: "{"):
            return try self.parseObject(depth: depth + 1)
        case UInt8(ascii: "["):
            return try self.parseArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            guard self.buildsValues else {
                try self.skipString()
                return .null
            }
            return .string(try self.parseString())
        case UInt8(ascii: "t"):
            try self.expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try self.expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try self.expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try self.parseNumber()
        case UInt8(ascii: "]"), UInt8(ascii: "}"):
            throw self.error("unexpected \(self.describeCurrent()), expected a value (trailing comma?)")
        default:
            throw self.error("unexpected \(self.describeCurrent()), expected a value")
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        try self.checkDepth(depth)
        self.index += 1
        self.skipWhitespace()
        var object = JSONObject()
        if self.peek() == UInt8(ascii: "}") {
            self.index += 1
            return .object(object)
        }
        while true {
            guard self.peek() == UInt8(ascii: "\"") else {
                if self.peek() == UInt8(ascii: "}") {
                    throw self.error("trailing comma before '}'")
                }
                throw self.error("unexpected \(self.describeCurrent()), expected a string key")
            }
            let key: String
            if self.buildsValues {
                key = try self.parseString()
            } else {
                try self.skipString()
                key = ""
            }
            self.skipWhitespace()
            guard self.peek() == UInt8(ascii: ":") else {
                throw self.error("unexpected \(self.describeCurrent()), expected ':' after an object key")
            }
            self.index += 1
            self.skipWhitespace()
            let value = try self.parseValue(depth: depth)
            if self.buildsValues {
                object.append(key: key, value: value)
            }
            self.skipWhitespace()
            switch self.peek() {
            case UInt8(ascii: ","):
                self.index += 1
                self.skipWhitespace()
            case UInt8(ascii: "}"):
                self.index += 1
                return .object(object)
            default:
                throw self.error("unexpected \(self.describeCurrent()), expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        try self.checkDepth(depth)
        self.index += 1
        self.skipWhitespace()
        var elements: [JSONValue] = []
        if self.peek() == UInt8(ascii: "]") {
            self.index += 1
            return .array(elements)
        }
        while true {
            let element = try self.parseValue(depth: depth)
            if self.buildsValues {
                elements.append(element)
            }
            self.skipWhitespace()
            switch self.peek() {
            case UInt8(ascii: ","):
                self.index += 1
                self.skipWhitespace()
                if self.peek() == UInt8(ascii: "]") {
                    throw self.error("trailing comma before ']'")
                }
            case UInt8(ascii: "]"):
                self.index += 1
                return .array(elements)
            default:
                throw self.error("unexpected \(self.describeCurrent()), expected ',' or ']' in an array")
            }
        }
    }

    // MARK: Strings

    /// Parses a string starting at its opening quote. The common case (no escapes) makes no copy before the String.
    private mutating func parseString() throws(JSONSyntaxError) -> String {
        self.index += 1
        let start = self.index
        var asciiOnly = true
        while self.index < self.count {
            let byte = self.base[self.index]
            if byte == UInt8(ascii: "\"") {
                let length = self.index - start
                if !asciiOnly {
                    try UTF8Validation.validate(self.base + start, count: length, offset: start)
                }
                self.index += 1
                return String(decoding: UnsafeBufferPointer(start: self.base + start, count: length), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                return try self.parseEscapedString(start: start)
            }
            if byte < 0x20 {
                throw self.error("unescaped control character U+\(hex(byte, width: 4)) in a string")
            }
            if byte >= 0x80 {
                asciiOnly = false
            }
            self.index += 1
        }
        throw JSONSyntaxError(reason: "unterminated string", offset: start - 1)
    }

    /// Checks a string starting at its opening quote with every rule of ``parseString()``, building nothing.
    private mutating func skipString() throws(JSONSyntaxError) {
        self.index += 1
        let start = self.index
        var runStart = start
        var runIsASCII = true
        while self.index < self.count {
            let byte = self.base[self.index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                if !runIsASCII {
                    try UTF8Validation.validate(self.base + runStart, count: self.index - runStart, offset: runStart)
                }
                if byte == UInt8(ascii: "\"") {
                    self.index += 1
                    return
                }
                self.scratch.removeAll(keepingCapacity: true)
                try self.parseEscape()
                runStart = self.index
                runIsASCII = true
                continue
            }
            if byte < 0x20 {
                throw self.error("unescaped control character U+\(hex(byte, width: 4)) in a string")
            }
            if byte >= 0x80 {
                runIsASCII = false
            }
            self.index += 1
        }
        throw JSONSyntaxError(reason: "unterminated string", offset: start - 1)
    }

    /// The slow path: copies the string into `scratch`, decoding escapes and validating raw UTF-8 runs.
    private mutating func parseEscapedString(start: Int) throws(JSONSyntaxError) -> String {
        self.scratch.removeAll(keepingCapacity: true)
        var runStart = start
        while self.index < self.count {
            let byte = self.base[self.index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                try self.flushRun(from: runStart)
                if byte == UInt8(ascii: "\"") {
                    self.index += 1
                    return String(decoding: self.scratch, as: UTF8.self)
                }
                try self.parseEscape()
                runStart = self.index
                continue
            }
            if byte < 0x20 {
                throw self.error("unescaped control character U+\(hex(byte, width: 4)) in a string")
            }
            self.index += 1
        }
        throw JSONSyntaxError(reason: "unterminated string", offset: start - 1)
    }

    /// Appends the raw bytes `runStart..<index` to `scratch`, validating them as UTF-8.
    private mutating func flushRun(from runStart: Int) throws(JSONSyntaxError) {
        let length = self.index - runStart
        guard length > 0 else { return }
        try UTF8Validation.validate(self.base + runStart, count: length, offset: runStart)
        self.scratch.append(contentsOf: UnsafeBufferPointer(start: self.base + runStart, count: length))
    }

    /// Decodes one escape sequence starting at the backslash.
    private mutating func parseEscape() throws(JSONSyntaxError) {
        let escapeStart = self.index
        self.index += 1
        guard self.index < self.count else {
            throw JSONSyntaxError(reason: "unterminated escape sequence", offset: escapeStart)
        }
        let code = self.base[self.index]
        self.index += 1
        switch code {
        case UInt8(ascii: "\""): self.scratch.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): self.scratch.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): self.scratch.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): self.scratch.append(0x08)
        case UInt8(ascii: "f"): self.scratch.append(0x0C)
        case UInt8(ascii: "n"): self.scratch.append(0x0A)
        case UInt8(ascii: "r"): self.scratch.append(0x0D)
        case UInt8(ascii: "t"): self.scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try self.parseHexQuad(escapeStart: escapeStart)
            if (0xDC00...0xDFFF).contains(scalar) {
                throw JSONSyntaxError(reason: "lone low surrogate \\u\(hex(scalar, width: 4)) in a string", offset: escapeStart)
            }
            if (0xD800...0xDBFF).contains(scalar) {
                let lowStart = self.index
                guard self.index + 1 < self.count, self.base[self.index] == UInt8(ascii: "\\"),
                    self.base[self.index + 1] == UInt8(ascii: "u")
                else {
                    throw JSONSyntaxError(
                        reason: "high surrogate \\u\(hex(scalar, width: 4)) is not followed by a low surrogate",
                        offset: escapeStart
                    )
                }
                self.index += 2
                let low = try self.parseHexQuad(escapeStart: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONSyntaxError(
                        reason: "high surrogate \\u\(hex(scalar, width: 4)) is followed by \\u\(hex(low, width: 4)), not a low surrogate",
                        offset: escapeStart
                    )
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            UTF8Validation.appendScalar(scalar, to: &self.scratch)
        default:
            throw JSONSyntaxError(reason: "invalid escape sequence '\\\(describe(code))' in a string", offset: escapeStart)
        }
    }

    private mutating func parseHexQuad(escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        guard self.index + 4 <= self.count else {
            throw JSONSyntaxError(reason: "incomplete \\u escape in a string", offset: escapeStart)
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = self.base[self.index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw JSONSyntaxError(reason: "invalid hexadecimal digit in a \\u escape", offset: self.index)
            }
            value = value << 4 | UInt32(digit)
            self.index += 1
        }
        return value
    }

    // MARK: Numbers

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = self.index
        var negative = false
        if self.base[self.index] == UInt8(ascii: "-") {
            negative = true
            self.index += 1
        }
        guard self.index < self.count, isDigit(self.base[self.index]) else {
            throw self.error("expected a digit after '-'")
        }
        let integerStart = self.index
        if self.base[self.index] == UInt8(ascii: "0") {
            self.index += 1
            if self.index < self.count && isDigit(self.base[self.index]) {
                throw JSONSyntaxError(reason: "leading zeros are not allowed in numbers", offset: integerStart)
            }
        } else {
            while self.index < self.count && isDigit(self.base[self.index]) {
                self.index += 1
            }
        }
        let integerEnd = self.index
        var isInteger = true
        if self.index < self.count && self.base[self.index] == UInt8(ascii: ".") {
            isInteger = false
            self.index += 1
            guard self.index < self.count, isDigit(self.base[self.index]) else {
                throw self.error("expected a digit after the decimal point")
            }
            while self.index < self.count && isDigit(self.base[self.index]) {
                self.index += 1
            }
        }
        var exponent = 0
        if self.index < self.count && (self.base[self.index] | 0x20) == UInt8(ascii: "e") {
            isInteger = false
            self.index += 1
            var exponentSign = 1
            if self.index < self.count && (self.base[self.index] == UInt8(ascii: "+") || self.base[self.index] == UInt8(ascii: "-")) {
                if self.base[self.index] == UInt8(ascii: "-") { exponentSign = -1 }
                self.index += 1
            }
            guard self.index < self.count, isDigit(self.base[self.index]) else {
                throw self.error("expected a digit in the exponent")
            }
            while self.index < self.count && isDigit(self.base[self.index]) {
                exponent = min(exponent * 10 + Int(self.base[self.index] &- UInt8(ascii: "0")), 100_000)
                self.index += 1
            }
            exponent *= exponentSign
        }
        // Validation only needs the conversion when the magnitude could overflow a Double (about 1.8e308).
        if !self.buildsValues && (integerEnd - integerStart) + exponent < 300 {
            return .null
        }
        if isInteger, let integer = self.exactInteger(from: integerStart, to: integerEnd, negative: negative) {
            return .integer(integer)
        }
        guard let double = NumberParsing.double(from: self.base + start, count: self.index - start) else {
            throw JSONSyntaxError(reason: "number is too large to represent", offset: start)
        }
        return .double(double)
    }

    /// The integer spelled by the digits, or `nil` when it does not fit in `Int64`.
    private func exactInteger(from start: Int, to end: Int, negative: Bool) -> Int64? {
        guard end - start <= 19 else { return nil }
        var magnitude: UInt64 = 0
        for position in start..<end {
            magnitude = magnitude &* 10 &+ UInt64(self.base[position] &- UInt8(ascii: "0"))
        }
        if end - start == 19 && magnitude < 1_000_000_000_000_000_000 {
            return nil  // wrapped around
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(bitPattern: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    // MARK: Helpers

    @inline(__always)
    private mutating func skipWhitespace() {
        let start = self.index
        while self.index < self.count {
            switch self.base[self.index] {
            case 0x20, 0x0A, 0x0D, 0x09:
                self.index += 1
            default:
                if self.index != start { self.sawWhitespace = true }
                return
            }
        }
        if self.index != start { self.sawWhitespace = true }
    }

    @inline(__always)
    private func peek() -> UInt8? {
        self.index < self.count ? self.base[self.index] : nil
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let length = literal.utf8CodeUnitCount
        let start = self.index
        for offset in 0..<length {
            guard start + offset < self.count, self.base[start + offset] == literal.utf8Start[offset] else {
                throw JSONSyntaxError(reason: "invalid literal, expected '\(literal)'", offset: start)
            }
        }
        self.index += length
    }

    private func checkDepth(_ depth: Int) throws(JSONSyntaxError) {
        if depth > JSONReader.maximumDepth {
            throw self.error("nesting deeper than \(JSONReader.maximumDepth) levels")
        }
    }

    private func error(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(reason: reason, offset: self.index)
    }

    private func describeCurrent() -> String {
        guard self.index < self.count else { return "end of input" }
        return "'\(describe(self.base[self.index]))'"
    }
}

@inline(__always)
private func isDigit(_ byte: UInt8) -> Bool {
    byte &- UInt8(ascii: "0") < 10
}

/// A printable rendering of one input byte for error messages.
private func describe(_ byte: UInt8) -> String {
    if byte >= 0x20 && byte < 0x7F {
        return String(UnicodeScalar(byte))
    }
    return "\\x" + hex(byte, width: 2)
}

private func hex<T: BinaryInteger>(_ value: T, width: Int) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
