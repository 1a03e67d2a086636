/// Splits query text into tokens on demand.
///
/// Works on the UTF-8 bytes of the query for speed, and tracks line and column incrementally so every token
/// knows its location without rescanning. Whitespace is space, tab, CR and LF; `--` starts a comment that runs
/// to the end of the line. Any other character outside a string literal is a syntax error.
struct Lexer {
    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    private var column = 1

    init(text: String) {
        bytes = Array(text.utf8)
    }

    /// Returns the next token; after the end of the input it keeps returning `.endOfInput`.
    mutating func nextToken() throws(SyntaxError) -> Token {
        skipTrivia()
        let start = location
        guard let first = currentByte else {
            return Token(kind: .endOfInput, text: "", location: start)
        }
        if Lexer.isIdentifierStart(first) {
            return lexWord(start: start)
        }
        if Lexer.isDigit(first) || (first == ASCII.dot && byte(at: position + 1).map(Lexer.isDigit) == true) {
            return try lexNumber(start: start)
        }
        switch first {
        case ASCII.doubleQuote, ASCII.singleQuote:
            return try lexString(start: start, quote: first)
        case ASCII.at:
            return try lexParameter(start: start)
        default:
            return try lexPunctuation(start: start, byte: first)
        }
    }

    // MARK: - Character classes

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= ASCII.zero && byte <= ASCII.nine
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= ASCII.lowercaseA && byte | 0x20 <= ASCII.lowercaseF)
    }

    /// Identifiers start with an ASCII letter, `_` or `$`.
    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        let folded = byte | 0x20
        return (folded >= ASCII.lowercaseA && folded <= ASCII.lowercaseZ) || byte == ASCII.underscore || byte == ASCII.dollar
    }

    static func isIdentifierContinuation(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte)
    }

    // MARK: - Position bookkeeping

    private var location: SourceLocation {
        SourceLocation(offset: position, line: line, column: column)
    }

    private var currentByte: UInt8? {
        byte(at: position)
    }

    private func byte(at offset: Int) -> UInt8? {
        offset >= 0 && offset < bytes.count ? bytes[offset] : nil
    }

    /// Moves past one byte, keeping line and column (in Unicode scalars) up to date.
    private mutating func advance() {
        guard position < bytes.count else { return }
        let consumed = bytes[position]
        position += 1
        if consumed == ASCII.newline {
            line += 1
            column = 1
        } else if consumed & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func advance(while predicate: (UInt8) -> Bool) {
        while let byte = currentByte, predicate(byte) {
            advance()
        }
    }

    private func text(from start: Int, to end: Int) -> String {
        let lower = max(0, min(start, bytes.count))
        let upper = max(lower, min(end, bytes.count))
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// The complete Unicode scalar starting at `offset`, for quoting an unexpected character.
    private func scalarText(at offset: Int) -> String {
        guard let lead = byte(at: offset) else { return "" }
        let length = switch lead {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
        return text(from: offset, to: offset + length)
    }

    private mutating func skipTrivia() {
        while let byte = currentByte {
            switch byte {
            case ASCII.space, ASCII.tab, ASCII.carriageReturn, ASCII.newline:
                advance()
            case ASCII.minus where self.byte(at: position + 1) == ASCII.minus:
                advance(while: { $0 != ASCII.newline })
            default:
                return
            }
        }
    }

    // MARK: - Token kinds

    private mutating func lexWord(start: SourceLocation) -> Token {
        let startOffset = position
        advance(while: Lexer.isIdentifierContinuation)
        let word = text(from: startOffset, to: position)
        if let keyword = Keyword.lookUp(word) {
            return Token(kind: .keyword(keyword), text: word, location: start)
        }
        return Token(kind: .identifier, text: word, location: start)
    }

    private mutating func lexParameter(start: SourceLocation) throws(SyntaxError) -> Token {
        let startOffset = position
        advance()
        guard let first = currentByte, Lexer.isIdentifierContinuation(first) else {
            throw SyntaxError(message: "expected a parameter name after '@'", location: start, token: "@")
        }
        advance(while: Lexer.isIdentifierContinuation)
        return Token(kind: .parameter, text: text(from: startOffset, to: position), location: start)
    }

    /// Numbers follow the .NET SDK grammar (`1`, `1.`, `1.5`, `.5`, `1e5`, `1.5E-3`) plus `0x1F` hexadecimal.
    /// A sign is never part of the token: the parser folds `-` into the literal.
    private mutating func lexNumber(start: SourceLocation) throws(SyntaxError) -> Token {
        let startOffset = position
        if currentByte == ASCII.zero, let marker = byte(at: position + 1), marker | 0x20 == ASCII.lowercaseX {
            advance()
            advance()
            let digitsStart = position
            advance(while: Lexer.isHexDigit)
            if position == digitsStart {
                throw invalidNumber(start: start, startOffset: startOffset, "a hexadecimal number needs digits after '0x'")
            }
        } else {
            advance(while: Lexer.isDigit)
            if currentByte == ASCII.dot {
                advance()
                advance(while: Lexer.isDigit)
            }
            if let marker = currentByte, marker | 0x20 == ASCII.lowercaseE {
                let next = byte(at: position + 1)
                let signed = next == ASCII.plus || next == ASCII.minus
                if let digit = byte(at: position + (signed ? 2 : 1)), Lexer.isDigit(digit) {
                    advance()
                    if signed {
                        advance()
                    }
                    advance(while: Lexer.isDigit)
                }
            }
        }
        if let trailing = currentByte, Lexer.isIdentifierContinuation(trailing) {
            throw invalidNumber(start: start, startOffset: startOffset, "invalid number literal")
        }
        return Token(kind: .number, text: text(from: startOffset, to: position), location: start)
    }

    private mutating func invalidNumber(start: SourceLocation, startOffset: Int, _ message: String) -> SyntaxError {
        advance(while: Lexer.isIdentifierContinuation)
        return SyntaxError(message: message, location: start, token: Token.shortened(text(from: startOffset, to: position)),
                           length: position - startOffset)
    }

    /// Strings use either quote; escapes are `\' \" \\ \/ \b \f \n \r \t \uXXXX`. UTF-16 surrogate pairs written as two
    /// `\u` escapes are combined; a lone surrogate is an error because it cannot be represented in a Swift string.
    private mutating func lexString(start: SourceLocation, quote: UInt8) throws(SyntaxError) -> Token {
        let startOffset = position
        advance()
        var value: [UInt8] = []
        while true {
            guard let byte = currentByte else {
                throw unterminatedString(start: start, startOffset: startOffset)
            }
            if byte == quote {
                advance()
                break
            }
            guard byte == ASCII.backslash else {
                value.append(byte)
                advance()
                continue
            }
            let escapeLocation = location
            let escapeOffset = position
            advance()
            guard let escaped = currentByte else {
                throw unterminatedString(start: start, startOffset: startOffset)
            }
            switch escaped {
            case ASCII.singleQuote, ASCII.doubleQuote, ASCII.backslash, ASCII.slash:
                value.append(escaped)
            case ASCII.lowercaseB:
                value.append(0x08)
            case ASCII.lowercaseF:
                value.append(0x0C)
            case ASCII.lowercaseN:
                value.append(ASCII.newline)
            case ASCII.lowercaseR:
                value.append(ASCII.carriageReturn)
            case ASCII.lowercaseT:
                value.append(ASCII.tab)
            case ASCII.lowercaseU:
                let scalar = try readUnicodeEscape(location: escapeLocation, offset: escapeOffset)
                UTF8.encode(scalar) { value.append($0) }
                continue
            default:
                throw SyntaxError(
                    message: "invalid escape sequence in string literal",
                    location: escapeLocation,
                    token: "\\" + scalarText(at: position)
                )
            }
            advance()
        }
        return Token(
            kind: .string,
            text: text(from: startOffset, to: position),
            stringValue: String(decoding: value, as: UTF8.self),
            location: start
        )
    }

    private func unterminatedString(start: SourceLocation, startOffset: Int) -> SyntaxError {
        var end = startOffset + 1
        while let byte = byte(at: end), byte != ASCII.newline {
            end += 1
        }
        return SyntaxError(
            message: "unterminated string literal",
            location: start,
            token: Token.shortened(text(from: startOffset, to: end)),
            length: end - startOffset
        )
    }

    /// Reads the `XXXX` of a `\uXXXX` escape (the lexer stands on the `u`) and, for a high surrogate, the low half that
    /// must follow immediately as a second escape.
    private mutating func readUnicodeEscape(location: SourceLocation, offset: Int) throws(SyntaxError) -> Unicode.Scalar {
        advance()
        let unit = try readFourHexDigits(escapeLocation: location, escapeOffset: offset)
        switch unit {
        case 0xD800...0xDBFF:
            let lowLocation = self.location
            let lowOffset = position
            guard currentByte == ASCII.backslash, byte(at: position + 1) == ASCII.lowercaseU else {
                throw SyntaxError(
                    message: "unpaired UTF-16 surrogate in string literal",
                    location: location,
                    token: text(from: offset, to: position)
                )
            }
            advance()
            advance()
            let low = try readFourHexDigits(escapeLocation: lowLocation, escapeOffset: lowOffset)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw SyntaxError(
                    message: "unpaired UTF-16 surrogate in string literal",
                    location: location,
                    token: text(from: offset, to: position)
                )
            }
            let combined = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            return Unicode.Scalar(combined) ?? "\u{FFFD}"
        case 0xDC00...0xDFFF:
            throw SyntaxError(
                message: "unpaired UTF-16 surrogate in string literal",
                location: location,
                token: text(from: offset, to: position)
            )
        default:
            return Unicode.Scalar(unit) ?? "\u{FFFD}"
        }
    }

    private mutating func readFourHexDigits(escapeLocation: SourceLocation, escapeOffset: Int) throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = currentByte, Lexer.isHexDigit(byte) else {
                throw SyntaxError(
                    message: "\\u must be followed by four hexadecimal digits",
                    location: escapeLocation,
                    token: text(from: escapeOffset, to: position) + (currentByte.map { _ in scalarText(at: position) } ?? "")
                )
            }
            let digit: UInt32 = Lexer.isDigit(byte) ? UInt32(byte - ASCII.zero) : UInt32((byte | 0x20) - ASCII.lowercaseA) + 10
            value = value &* 16 &+ digit
            advance()
        }
        return value
    }

    private mutating func lexPunctuation(start: SourceLocation, byte: UInt8) throws(SyntaxError) -> Token {
        let next = self.byte(at: position + 1)
        let kind: TokenKind
        var length = 1
        switch byte {
        case ASCII.leftParen: kind = .leftParen
        case ASCII.rightParen: kind = .rightParen
        case ASCII.leftBracket: kind = .leftBracket
        case ASCII.rightBracket: kind = .rightBracket
        case ASCII.leftBrace: kind = .leftBrace
        case ASCII.rightBrace: kind = .rightBrace
        case ASCII.comma: kind = .comma
        case ASCII.dot: kind = .dot
        case ASCII.colon: kind = .colon
        case ASCII.star: kind = .star
        case ASCII.slash: kind = .slash
        case ASCII.percent: kind = .percent
        case ASCII.plus: kind = .plus
        case ASCII.minus: kind = .minus
        case ASCII.tilde: kind = .tilde
        case ASCII.equal: kind = .equal
        case ASCII.ampersand: kind = .ampersand
        case ASCII.caret: kind = .caret
        case ASCII.question:
            (kind, length) = next == ASCII.question ? (.doubleQuestion, 2) : (.question, 1)
        case ASCII.pipe:
            (kind, length) = next == ASCII.pipe ? (.doublePipe, 2) : (.pipe, 1)
        case ASCII.exclamation where next == ASCII.equal:
            (kind, length) = (.notEqual, 2)
        case ASCII.less:
            switch next {
            case ASCII.equal: (kind, length) = (.lessOrEqual, 2)
            case ASCII.greater: (kind, length) = (.notEqual, 2)
            case ASCII.less: (kind, length) = (.leftShift, 2)
            default: kind = .less
            }
        case ASCII.greater:
            switch next {
            case ASCII.equal: (kind, length) = (.greaterOrEqual, 2)
            case ASCII.greater where self.byte(at: position + 2) == ASCII.greater: (kind, length) = (.zeroFillRightShift, 3)
            case ASCII.greater: (kind, length) = (.rightShift, 2)
            default: kind = .greater
            }
        default:
            throw SyntaxError(message: "unexpected character", location: start, token: scalarText(at: position))
        }
        let startOffset = position
        for _ in 0..<length {
            advance()
        }
        return Token(kind: kind, text: text(from: startOffset, to: position), location: start)
    }
}

/// Byte values of the ASCII characters the lexer cares about.
private enum ASCII {
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let exclamation = UInt8(ascii: "!")
    static let doubleQuote = UInt8(ascii: "\"")
    static let dollar = UInt8(ascii: "$")
    static let percent = UInt8(ascii: "%")
    static let ampersand = UInt8(ascii: "&")
    static let singleQuote = UInt8(ascii: "'")
    static let leftParen = UInt8(ascii: "(")
    static let rightParen = UInt8(ascii: ")")
    static let star = UInt8(ascii: "*")
    static let plus = UInt8(ascii: "+")
    static let comma = UInt8(ascii: ",")
    static let minus = UInt8(ascii: "-")
    static let dot = UInt8(ascii: ".")
    static let slash = UInt8(ascii: "/")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let colon = UInt8(ascii: ":")
    static let less = UInt8(ascii: "<")
    static let equal = UInt8(ascii: "=")
    static let greater = UInt8(ascii: ">")
    static let question = UInt8(ascii: "?")
    static let at = UInt8(ascii: "@")
    static let leftBracket = UInt8(ascii: "[")
    static let backslash = UInt8(ascii: "\\")
    static let rightBracket = UInt8(ascii: "]")
    static let caret = UInt8(ascii: "^")
    static let underscore = UInt8(ascii: "_")
    static let lowercaseA = UInt8(ascii: "a")
    static let lowercaseB = UInt8(ascii: "b")
    static let lowercaseE = UInt8(ascii: "e")
    static let lowercaseF = UInt8(ascii: "f")
    static let lowercaseN = UInt8(ascii: "n")
    static let lowercaseR = UInt8(ascii: "r")
    static let lowercaseT = UInt8(ascii: "t")
    static let lowercaseU = UInt8(ascii: "u")
    static let lowercaseX = UInt8(ascii: "x")
    static let lowercaseZ = UInt8(ascii: "z")
    static let leftBrace = UInt8(ascii: "{")
    static let pipe = UInt8(ascii: "|")
    static let rightBrace = UInt8(ascii: "}")
    static let tilde = UInt8(ascii: "~")
}
