/// Parses a `RegexMatch` pattern (a PCRE-compatible subset, listed on ``LinearRegex``) into a ``RegexNode`` tree,
/// applying the modifiers and inline options as it goes.
///
/// Constructs whose meaning needs backtracking (backreferences, look-around, atomic groups and possessive
/// quantifiers, recursion, conditionals, backtracking verbs) are refused with a ``RegexSyntaxError`` naming them, as
/// are malformed patterns. The parser works on the pattern's Unicode scalars; offsets in errors count scalars.
struct RegexParser {
    /// The options in force at a point of the pattern: the modifiers, changed by inline options such as `(?i)`.
    struct Options: Sendable, Hashable {
        /// `i`: letters match their case-equivalents.
        var ignoresCase = false
        /// `m`: `^` and `$` also match at line feeds.
        var multiline = false
        /// `s`: `.` also matches the line feed.
        var dotMatchesNewline = false
        /// `x`: unescaped white space and `#` comments outside classes are ignored.
        var extended = false

        /// Sets the option a modifier letter names; `false` for a letter that is not one of `i`, `m`, `s`, `x`.
        mutating func set(_ letter: Unicode.Scalar, to value: Bool) -> Bool {
            switch letter {
            case "i": self.ignoresCase = value
            case "m": self.multiline = value
            case "s": self.dotMatchesNewline = value
            case "x": self.extended = value
            default: return false
            }
            return true
        }
    }

    /// The largest count a counted repetition (`{n}`, `{n,}`, `{n,m}`) may give.
    static let maximumRepetitionCount = 1000
    /// How deeply groups may nest (the parser and compiler recurse once per level).
    static let maximumNestingDepth = 100

    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var depth = 0
    /// Inside `\Q...\E`, where every scalar is literal.
    private var quoting = false

    private init(_ pattern: String) {
        self.scalars = Array(pattern.unicodeScalars)
    }

    /// The tree for `pattern` with `options` in force at its start.
    static func parse(_ pattern: String, options: Options) throws(RegexSyntaxError) -> RegexNode {
        var parser = RegexParser(pattern)
        var options = options
        let node = try parser.parseAlternation(&options)
        if parser.position < parser.scalars.count {
            throw RegexSyntaxError("Unbalanced parentheses: unmatched ')'", at: parser.position)
        }
        return node
    }

    // MARK: Structure

    /// Alternatives separated by `|`, up to a `)` or the end. An inline option such as `(?i)` changes `options` for
    /// the rest of the enclosing group, later alternatives included (as in PCRE).
    private mutating func parseAlternation(_ options: inout Options) throws(RegexSyntaxError) -> RegexNode {
        var branches = [try self.parseSequence(&options)]
        while self.peek() == "|" {
            self.position += 1
            branches.append(try self.parseSequence(&options))
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    /// Quantified atoms up to a `|`, a `)` or the end.
    private mutating func parseSequence(_ options: inout Options) throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while true {
            let atom: RegexNode
            if self.quoting {
                guard self.position < self.scalars.count else { break }
                guard let quoted = self.parseQuotedScalar(options) else { continue }
                atom = quoted
            } else {
                self.skipIgnored(options)
                guard let scalar = self.peek(), scalar != "|", scalar != ")" else { break }
                guard let parsed = try self.parseAtom(&options) else { continue }
                atom = parsed
            }
            items.append(try self.parseQuantifier(applyingTo: atom, options))
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .concatenation(items)
        }
    }

    /// The next scalar inside `\Q...\E`, or `nil` (and quoting ended) at the `\E`.
    private mutating func parseQuotedScalar(_ options: Options) -> RegexNode? {
        let scalar = self.scalars[self.position]
        if scalar == "\\" && self.peek(1) == "E" {
            self.position += 2
            self.quoting = false
            return nil
        }
        self.position += 1
        return .characterClass(.literal(scalar, ignoringCase: options.ignoresCase))
    }

    /// `atom` with the quantifier that follows it, if any. Lazy quantifiers (`*?`) match where the greedy ones do;
    /// possessive ones (`*+`) are atomic groups, which need backtracking, and are refused.
    private mutating func parseQuantifier(applyingTo atom: RegexNode, _ options: Options) throws(RegexSyntaxError) -> RegexNode {
        if self.quoting && self.peek() == "\\" && self.peek(1) == "E" {
            self.position += 2
            self.quoting = false
        }
        if self.quoting { return atom }
        self.skipIgnored(options)
        let start = self.position
        guard let (minimum, maximum, length) = self.quantifier(at: start) else { return atom }
        self.position += length
        if self.peek() == "?" {
            self.position += 1
        } else if self.peek() == "+" {
            throw RegexSyntaxError(
                "Possessive quantifiers ('\(self.text(start..<self.position + 1))') are not supported: they are atomic groups, "
                    + "which need a backtracking matcher",
                at: start
            )
        }
        for count in [minimum, maximum ?? 0] where count > Self.maximumRepetitionCount {
            throw RegexSyntaxError(
                "Repetition count \(count) in '\(self.text(start..<start + length))' exceeds the limit of \(Self.maximumRepetitionCount)",
                at: start
            )
        }
        if let maximum, maximum < minimum {
            throw RegexSyntaxError("Repetition counts out of order in '\(self.text(start..<start + length))'", at: start)
        }
        self.skipIgnored(options)
        if self.quantifier(at: self.position) != nil {
            throw RegexSyntaxError("Quantifier follows another quantifier (nothing to repeat)", at: self.position)
        }
        return .repetition(atom, minimum: minimum, maximum: maximum)
    }

    /// The quantifier starting at `index`: its bounds and length in scalars, or `nil` when there is none. A `{` that
    /// does not open `{n}`, `{n,}`, `{n,m}` or `{,m}` is a literal, as in PCRE.
    private func quantifier(at index: Int) -> (minimum: Int, maximum: Int?, length: Int)? {
        guard index < self.scalars.count else { return nil }
        switch self.scalars[index] {
        case "*": return (0, nil, 1)
        case "+": return (1, nil, 1)
        case "?": return (0, 1, 1)
        case "{": break
        default: return nil
        }
        var cursor = index + 1
        let minimum = self.decimal(at: &cursor)
        var maximum = minimum
        if cursor < self.scalars.count && self.scalars[cursor] == "," {
            cursor += 1
            maximum = self.decimal(at: &cursor)
            if minimum == nil && maximum == nil { return nil }
        } else if minimum == nil {
            return nil
        }
        guard cursor < self.scalars.count, self.scalars[cursor] == "}" else { return nil }
        return (minimum ?? 0, maximum, cursor + 1 - index)
    }

    /// The decimal number at `cursor` (saturating well above any allowed count), moving past it; `nil` when there are
    /// no digits.
    private func decimal(at cursor: inout Int) -> Int? {
        var value: Int?
        while cursor < self.scalars.count, (0x30...0x39).contains(self.scalars[cursor].value) {
            value = min((value ?? 0) * 10 + Int(self.scalars[cursor].value - 0x30), 1_000_000)
            cursor += 1
        }
        return value
    }

    /// One atom: a literal, `.`, an anchor, an escape, a class or a group. `nil` for items that match nothing of their
    /// own: an inline option setting, a comment, `\Q` and `\E`.
    ///
    /// This, ``parseAlternation(_:)``, ``parseSequence(_:)`` and ``parseGroup(_:)`` recurse once per nesting level, so
    /// they stay small (unoptimized builds give every temporary its own stack slot); the rest is in helpers.
    private mutating func parseAtom(_ options: inout Options) throws(RegexSyntaxError) -> RegexNode? {
        if self.scalars[self.position] == "(" {
            self.position += 1
            return try self.parseGroup(&options)
        }
        return try self.parseSimpleAtom(options)
    }

    /// An atom other than a group.
    private mutating func parseSimpleAtom(_ options: Options) throws(RegexSyntaxError) -> RegexNode? {
        let start = self.position
        let scalar = self.scalars[start]
        self.position += 1
        switch scalar {
        case "[":
            return .characterClass(try self.parseClass(options, openedAt: start))
        case ".":
            return .characterClass(.dot(matchingNewline: options.dotMatchesNewline))
        case "^":
            return .assertion(options.multiline ? .startOfLine : .startOfText)
        case "$":
            return .assertion(options.multiline ? .endOfLine : .endOfTextOrFinalNewline)
        case "\\":
            return try self.parseEscape(options, at: start)
        case "*", "+", "?":
            throw RegexSyntaxError("Quantifier '\(scalar)' does not follow a repeatable item (nothing to repeat)", at: start)
        case "{" where self.quantifier(at: start) != nil:
            throw RegexSyntaxError("Quantifier '\(scalar)' does not follow a repeatable item (nothing to repeat)", at: start)
        default:
            return .characterClass(.literal(scalar, ignoringCase: options.ignoresCase))
        }
    }

    /// What a group's opening says about it.
    private enum GroupOpening {
        /// A group to parse, with the options in force inside it.
        case group(Options)
        /// An inline option setting such as `(?i)`, for the rest of the enclosing group.
        case setting(Options)
        /// A comment `(?#...)`, already skipped.
        case comment
    }

    /// A group, after its `(`: capturing, `(?:`, named (`(?<name>`, `(?'name'`, `(?P<name>`), branch reset `(?|`, or an
    /// option group `(?i:`; or an option setting `(?i-s)` or a comment, which give `nil`. Captures are not needed for a
    /// yes/no answer, so every group becomes its contents.
    private mutating func parseGroup(_ options: inout Options) throws(RegexSyntaxError) -> RegexNode? {
        let start = self.position - 1
        var inner: Options
        switch try self.parseGroupOpening(options, openedAt: start) {
        case .group(let groupOptions):
            inner = groupOptions
        case .setting(let newOptions):
            options = newOptions
            return nil
        case .comment:
            return nil
        }
        self.depth += 1
        defer { self.depth -= 1 }
        if self.depth > Self.maximumNestingDepth { throw self.nestingError(at: start) }
        let body = try self.parseAlternation(&inner)
        guard self.peek() == ")" else { throw self.missingParenthesisError(at: start) }
        self.position += 1
        return body
    }

    private func nestingError(at start: Int) -> RegexSyntaxError {
        RegexSyntaxError("Groups are nested more than \(Self.maximumNestingDepth) deep", at: start)
    }

    private func missingParenthesisError(at start: Int) -> RegexSyntaxError {
        RegexSyntaxError("Unbalanced parentheses: missing ')'", at: start)
    }

    /// Reads what follows a group's `(` up to its contents, refusing the constructs that are not supported.
    private mutating func parseGroupOpening(_ options: Options, openedAt start: Int) throws(RegexSyntaxError) -> GroupOpening {
        if self.peek() == "*" {
            throw RegexSyntaxError("Backtracking control verbs and '(*' constructs are not supported", at: start)
        }
        guard self.peek() == "?" else { return .group(options) }
        self.position += 1
        guard let kind = self.peek() else { throw RegexSyntaxError("Incomplete group '(?' at the end of the pattern", at: start) }
        switch kind {
        case ":", "|":
            self.position += 1
        case "#":
            while let scalar = self.peek(), scalar != ")" { self.position += 1 }
            guard self.peek() == ")" else { throw RegexSyntaxError("Missing ')' after the comment '(?#'", at: start) }
            self.position += 1
            return .comment
        case "=", "!", "*":
            throw self.unsupported("Lookahead assertions ('(?\(kind)')", at: start)
        case "<" where self.peek(1) == "=" || self.peek(1) == "!" || self.peek(1) == "*":
            throw self.unsupported("Lookbehind assertions ('(?<\(self.peek(1) ?? " ")')", at: start)
        case "<", "'":
            self.position += 1
            try self.parseGroupName(closedBy: kind == "<" ? ">" : "'", groupStart: start)
        case "P":
            switch self.peek(1) {
            case "<":
                self.position += 2
                try self.parseGroupName(closedBy: ">", groupStart: start)
            case "=":
                throw self.unsupported("Backreferences ('(?P=name)')", at: start)
            case ">":
                throw self.unsupported("Recursion and subroutine calls ('(?P>name)')", at: start)
            default:
                throw RegexSyntaxError("Unknown group syntax '(?P'", at: start)
            }
        case ">":
            throw self.unsupported("Atomic groups ('(?>')", at: start)
        case "(":
            throw self.unsupported("Conditional groups ('(?(')", at: start)
        case "R", "&", "+", "0"..."9":
            throw self.unsupported("Recursion and subroutine calls ('(?\(kind)')", at: start)
        case "-" where self.peek(1).map { ("0"..."9").contains($0) } ?? false:
            throw self.unsupported("Recursion and subroutine calls ('(?-')", at: start)
        case "C":
            throw self.unsupported("Callouts ('(?C')", at: start)
        default:
            var changed = options
            let setsForRest = try self.parseInlineOptions(&changed, groupStart: start)
            return setsForRest ? .setting(changed) : .group(changed)
        }
        return .group(options)
    }

    /// A group name and its closing delimiter: a letter or underscore, then letters, digits and underscores.
    private mutating func parseGroupName(closedBy delimiter: Unicode.Scalar, groupStart: Int) throws(RegexSyntaxError) {
        let nameStart = self.position
        while let scalar = self.peek(), scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal {
            self.position += 1
        }
        let name = self.scalars[nameStart..<self.position]
        guard let first = name.first, first.properties.numericType != .decimal, self.peek() == delimiter else {
            let group = self.text(groupStart..<min(self.position + 1, self.scalars.count))
            throw RegexSyntaxError("Invalid group name in '\(group)'", at: groupStart)
        }
        self.position += 1
    }

    /// Inline options after `(?`: letters from `imsx` to set, then optionally `-` and letters to unset (a leading `^`
    /// unsets all four first). Answers `true` for `(?i)`, which applies to the rest of the enclosing group, and
    /// `false` for `(?i:`, which opens a group the options apply to.
    private mutating func parseInlineOptions(_ options: inout Options, groupStart: Int) throws(RegexSyntaxError) -> Bool {
        var value = true
        if self.peek() == "^" {
            options = Options()
            self.position += 1
        }
        var extendedCount = 0
        while let scalar = self.peek() {
            self.position += 1
            switch scalar {
            case ")":
                return true
            case ":":
                return false
            case "-" where value:
                value = false
            default:
                if scalar == "x" { extendedCount += 1 }
                guard options.set(scalar, to: value), extendedCount < 2 else {
                    let offset = self.position - 1
                    throw RegexSyntaxError(
                        scalar == "x"
                            ? "The inline option 'xx' is not supported"
                            : "Unknown or unsupported inline option '\(scalar)' in '(?'; the options are i, m, s and x",
                        at: offset
                    )
                }
            }
        }
        throw RegexSyntaxError("Unbalanced parentheses: missing ')' after inline options", at: groupStart)
    }

    // MARK: Escapes

    /// The escape whose `\` is at `start`, outside a class.
    private mutating func parseEscape(_ options: Options, at start: Int) throws(RegexSyntaxError) -> RegexNode? {
        guard let scalar = self.peek() else { throw RegexSyntaxError("The pattern ends with a lone backslash", at: start) }
        self.position += 1
        if let set = Self.classEscape(scalar) { return .characterClass(RegexCharacterClass(exact: set)) }
        switch scalar {
        case "b": return .assertion(.wordBoundary)
        case "B": return .assertion(.notWordBoundary)
        case "A": return .assertion(.startOfText)
        case "z": return .assertion(.endOfText)
        case "Z": return .assertion(.endOfTextOrFinalNewline)
        case "N" where self.peek() != "{": return .characterClass(.dot(matchingNewline: false))
        case "Q":
            self.quoting = true
            return nil
        case "E":
            return nil
        case "1"..."9":
            throw self.unsupported("Backreferences ('\\\(scalar)')", at: start)
        case "k":
            throw self.unsupported("Backreferences ('\\k')", at: start)
        case "g" where self.peek() == "<" || self.peek() == "'":
            throw self.unsupported("Subroutine calls ('\\g\(self.peek() ?? " ")')", at: start)
        case "g":
            throw self.unsupported("Backreferences ('\\g')", at: start)
        case "p", "P":
            throw self.unsupported("Unicode property escapes ('\\\(scalar)')", at: start)
        case "G":
            throw RegexSyntaxError("The '\\G' anchor is not supported", at: start)
        case "K":
            throw RegexSyntaxError("'\\K' (match start reset) is not supported", at: start)
        case "R":
            throw RegexSyntaxError("'\\R' (newline sequence) is not supported; use a class such as [\\r\\n]", at: start)
        case "X":
            throw RegexSyntaxError("'\\X' (extended grapheme cluster) is not supported", at: start)
        case "C":
            throw RegexSyntaxError("'\\C' (single code unit) is not supported", at: start)
        default:
            let literal = try self.parseLiteralEscape(scalar, at: start, inClass: false)
            return .characterClass(.literal(literal, ignoringCase: options.ignoresCase))
        }
    }

    /// `\d \D \w \W \s \S \h \H \v \V` (ASCII definitions for the first three; see ``RegexCharacterSet``).
    private static func classEscape(_ letter: Unicode.Scalar) -> RegexCharacterSet? {
        switch letter {
        case "d": RegexCharacterSet.digits
        case "D": RegexCharacterSet.digits.inverted()
        case "w": RegexCharacterSet.wordCharacters
        case "W": RegexCharacterSet.wordCharacters.inverted()
        case "s": RegexCharacterSet.whitespace
        case "S": RegexCharacterSet.whitespace.inverted()
        case "h": RegexCharacterSet.horizontalWhitespace
        case "H": RegexCharacterSet.horizontalWhitespace.inverted()
        case "v": RegexCharacterSet.verticalWhitespace
        case "V": RegexCharacterSet.verticalWhitespace.inverted()
        default: nil
        }
    }

    /// The scalar an escape that stands for one scalar means (`scalar` follows the `\` at `start`): the control
    /// escapes, hexadecimal (`\xHH`, `\x{H...}`, `\uHHHH`), octal (`\0`, `\0oo`, `\o{...}`, and `\ooo` in classes),
    /// `\cX`, `\b` (backspace, in classes), or an escaped scalar that is not a letter or digit (itself).
    private mutating func parseLiteralEscape(_ scalar: Unicode.Scalar, at start: Int, inClass: Bool) throws(RegexSyntaxError)
        -> Unicode.Scalar
    {
        let value: UInt32
        switch scalar {
        case "t": value = 0x09
        case "n": value = 0x0A
        case "r": value = 0x0D
        case "f": value = 0x0C
        case "e": value = 0x1B
        case "a": value = 0x07
        case "b" where inClass: value = 0x08
        case "x":
            if self.peek() == "{" {
                self.position += 1
                value = try self.digits(radix: 16, count: 1...8, at: start, closedBy: "}")
            } else {
                value = try self.digits(radix: 16, count: 1...2, at: start, closedBy: nil)
            }
        case "u":
            value = try self.digits(radix: 16, count: 4...4, at: start, closedBy: nil)
        case "o":
            guard self.peek() == "{" else { throw RegexSyntaxError("'\\o' must be followed by '{'", at: start) }
            self.position += 1
            value = try self.digits(radix: 8, count: 1...10, at: start, closedBy: "}")
        case "0":
            value = (try? self.digits(radix: 8, count: 1...2, at: start, closedBy: nil)) ?? 0
        case "1"..."7" where inClass:
            self.position -= 1
            value = try self.digits(radix: 8, count: 1...3, at: start, closedBy: nil)
        case "c":
            guard let control = self.peek(), control.isASCII, control.value >= 0x20, control.value < 0x7F else {
                throw RegexSyntaxError("'\\c' must be followed by a printable ASCII character", at: start)
            }
            self.position += 1
            let upper = (0x61...0x7A).contains(control.value) ? control.value - 0x20 : control.value
            value = upper ^ 0x40
        default:
            if scalar.isASCII && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil) {
                throw RegexSyntaxError("Unrecognized or unsupported escape '\\\(scalar)'", at: start)
            }
            return scalar
        }
        guard let result = Unicode.Scalar(value) else {
            throw RegexSyntaxError("The escape '\(self.text(start..<self.position))' is not a Unicode scalar value", at: start)
        }
        return result
    }

    /// The value of `count` digits in `radix` (as many as are there, up to the upper bound), followed by `delimiter`
    /// when given.
    private mutating func digits(radix: UInt32, count: ClosedRange<Int>, at start: Int, closedBy delimiter: Unicode.Scalar?)
        throws(RegexSyntaxError) -> UInt32
    {
        var value: UInt32 = 0
        var taken = 0
        while taken < count.upperBound, let scalar = self.peek(), let digit = Self.hexDigitValue(scalar), digit < radix {
            value = value * radix + digit
            taken += 1
            self.position += 1
        }
        if taken < count.lowerBound {
            throw RegexSyntaxError("The escape '\(self.text(start..<self.position))' needs \(count.lowerBound) digit(s)", at: start)
        }
        if let delimiter {
            guard self.peek() == delimiter else {
                throw RegexSyntaxError("The escape '\(self.text(start..<self.position))' is missing its '\(delimiter)'", at: start)
            }
            self.position += 1
        }
        if value > RegexCharacterSet.maximumValue {
            throw RegexSyntaxError("The escape '\(self.text(start..<self.position))' is beyond U+10FFFF", at: start)
        }
        return value
    }

    private static func hexDigitValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar.value {
        case 0x30...0x39: scalar.value - 0x30
        case 0x41...0x46: scalar.value - 0x41 + 10
        case 0x61...0x66: scalar.value - 0x61 + 10
        default: nil
        }
    }

    // MARK: Classes

    /// One member of a bracketed class: a scalar (which may start or end a range) or a class escape's set.
    private enum ClassItem {
        case scalar(Unicode.Scalar)
        case set(RegexCharacterSet)
    }

    /// A bracketed class, after its `[`. A `]` first (after any `^`) is literal, as is `-` first or last. White space
    /// is literal even in extended mode (as PCRE's `x`).
    private mutating func parseClass(_ options: Options, openedAt start: Int) throws(RegexSyntaxError) -> RegexCharacterClass {
        var isInverted = false
        if self.peek() == "^" {
            isInverted = true
            self.position += 1
        }
        var exact: [ClosedRange<UInt32>] = []
        var caseless: [ClosedRange<UInt32>] = []
        var isFirst = true
        while true {
            guard let scalar = self.peek() else { throw RegexSyntaxError("Missing ']' to close the character class", at: start) }
            if scalar == "]" && !isFirst {
                self.position += 1
                break
            }
            isFirst = false
            if scalar == "[", let posix = try self.parsePOSIXClass(options) {
                exact += posix.exact.ranges
                caseless += posix.caseless.ranges
                continue
            }
            let itemStart = self.position
            let item = try self.parseClassItem()
            switch item {
            case .set(let set):
                exact += set.ranges
            case .scalar(let lower):
                var upper = lower
                if self.peek() == "-", let next = self.peek(1), next != "]" {
                    self.position += 1
                    if next == "[" && self.peek(1) == ":" {
                        throw RegexSyntaxError("Invalid range in character class: a POSIX class cannot end a range", at: itemStart)
                    }
                    guard case .scalar(let end) = try self.parseClassItem() else {
                        throw RegexSyntaxError("Invalid range in character class: a class escape cannot end a range", at: itemStart)
                    }
                    guard lower.value <= end.value else {
                        throw RegexSyntaxError(
                            "Range out of order in character class: '\(self.text(itemStart..<self.position))'", at: itemStart)
                    }
                    upper = end
                }
                if options.ignoresCase {
                    caseless.append(lower.value...upper.value)
                } else {
                    exact.append(lower.value...upper.value)
                }
            }
        }
        return RegexCharacterClass(exact: RegexCharacterSet(exact), caseless: RegexCharacterSet(caseless), isInverted: isInverted)
    }

    /// A scalar or class escape inside a class.
    private mutating func parseClassItem() throws(RegexSyntaxError) -> ClassItem {
        let start = self.position
        let scalar = self.scalars[start]
        self.position += 1
        guard scalar == "\\" else { return .scalar(scalar) }
        guard let escaped = self.peek() else { throw RegexSyntaxError("Missing ']' to close the character class", at: start) }
        self.position += 1
        if let set = Self.classEscape(escaped) { return .set(set) }
        switch escaped {
        case "Q", "E":
            throw RegexSyntaxError("'\\\(escaped)' inside a character class is not supported", at: start)
        case "B", "N", "R", "X", "A", "z", "Z", "G", "K":
            throw RegexSyntaxError("'\\\(escaped)' is not allowed in a character class", at: start)
        case "p", "P":
            throw self.unsupported("Unicode property escapes ('\\\(escaped)')", at: start)
        default:
            return .scalar(try self.parseLiteralEscape(escaped, at: start, inClass: true))
        }
    }

    /// A POSIX class such as `[:alpha:]` or `[:^digit:]` at a `[` inside a class (ASCII definitions), or `nil` (and
    /// nothing consumed) when the `[` does not open one and is a literal.
    private mutating func parsePOSIXClass(_ options: Options) throws(RegexSyntaxError) -> RegexCharacterClass? {
        let start = self.position
        guard let opener = self.peek(1), opener == ":" || opener == "." || opener == "=" else { return nil }
        var cursor = start + 2
        while cursor < self.scalars.count, self.scalars[cursor] != opener, self.scalars[cursor] != "]" { cursor += 1 }
        guard cursor + 1 < self.scalars.count, self.scalars[cursor] == opener, self.scalars[cursor + 1] == "]" else { return nil }
        guard opener == ":" else {
            throw self.unsupported("POSIX collating elements ('[\(opener)')", at: start)
        }
        var name = self.text(start + 2..<cursor)
        let negated = name.hasPrefix("^")
        if negated { name.removeFirst() }
        let ranges: [ClosedRange<UInt32>]
        switch name {
        case "alnum": ranges = [0x30...0x39, 0x41...0x5A, 0x61...0x7A]
        case "alpha": ranges = [0x41...0x5A, 0x61...0x7A]
        case "ascii": ranges = [0x00...0x7F]
        case "blank": ranges = [0x09...0x09, 0x20...0x20]
        case "cntrl": ranges = [0x00...0x1F, 0x7F...0x7F]
        case "digit": ranges = [0x30...0x39]
        case "graph": ranges = [0x21...0x7E]
        case "lower": ranges = [0x61...0x7A]
        case "print": ranges = [0x20...0x7E]
        case "punct": ranges = [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E]
        case "space": ranges = [0x09...0x0D, 0x20...0x20]
        case "upper": ranges = [0x41...0x5A]
        case "word": ranges = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
        case "xdigit": ranges = [0x30...0x39, 0x41...0x46, 0x61...0x66]
        default: throw RegexSyntaxError("Unknown POSIX class '[:\(name):]'", at: start)
        }
        self.position = cursor + 2
        let set = RegexCharacterSet(ranges)
        if negated { return RegexCharacterClass(exact: set.inverted()) }
        if options.ignoresCase && (name == "lower" || name == "upper") { return RegexCharacterClass(caseless: set) }
        return RegexCharacterClass(exact: set)
    }

    // MARK: Helpers

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let index = self.position + offset
        return index < self.scalars.count ? self.scalars[index] : nil
    }

    /// Skips white space and `#` comments (to the end of the line) in extended mode.
    private mutating func skipIgnored(_ options: Options) {
        guard options.extended && !self.quoting else { return }
        while let scalar = self.peek() {
            if scalar.properties.isPatternWhitespace {
                self.position += 1
            } else if scalar == "#" {
                while let skipped = self.peek(), skipped != "\n" { self.position += 1 }
            } else {
                return
            }
        }
    }

    private func text(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: self.scalars[max(0, range.lowerBound)..<min(range.upperBound, self.scalars.count)])
        return String(view)
    }

    /// The error for a construct the linear-time engine does not implement.
    private func unsupported(_ construct: String, at offset: Int) -> RegexSyntaxError {
        RegexSyntaxError("\(construct) are not supported: RegexMatch uses a linear-time matcher", at: offset)
    }
}
