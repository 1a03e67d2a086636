import JSON

/// The string functions.
///
/// Positions, lengths and counts are UTF-16 code units (see ``UTF16Text``): the service's documentation describes them
/// as "characters", and the engine behind it counts characters as UTF-16 code units, so `LENGTH("😀")` is 2 and
/// `LENGTH("é")` is 1 (precomposed). Comparisons and searches are ordinal; the case-insensitive variants compare
/// the invariant upper-cased forms (``CaseMapping``). An argument of the wrong type makes the result undefined.
enum StringFunctions {
    static let definitions: [FunctionDefinition] = [
        FunctionDefinition(name: "CONCAT", arity: 2...Int.max) { arguments, _ in
            var result = ""
            for index in arguments.indices {
                guard let piece = arguments.string(index) else { return nil }
                result += piece
            }
            return .string(result)
        },
        FunctionDefinition(name: "CONTAINS", arity: 2...3) { arguments, _ in
            compare(arguments) { $0.contains($1) }
        },
        FunctionDefinition(name: "STARTSWITH", arity: 2...3) { arguments, _ in
            compare(arguments) { $0.hasPrefix($1) }
        },
        FunctionDefinition(name: "ENDSWITH", arity: 2...3) { arguments, _ in
            compare(arguments) { $0.hasSuffix($1) }
        },
        FunctionDefinition(name: "StringEquals", arity: 2...3) { arguments, _ in
            compare(arguments) { $0.units == $1.units }
        },
        searchForTerms("CONTAINS_ALL_CI", matchAny: false, ignoreCase: true),
        searchForTerms("CONTAINS_ALL_CS", matchAny: false, ignoreCase: false),
        searchForTerms("CONTAINS_ANY_CI", matchAny: true, ignoreCase: true),
        searchForTerms("CONTAINS_ANY_CS", matchAny: true, ignoreCase: false),
        FunctionDefinition(name: "INDEX_OF", arity: 2...3) { arguments, _ in
            indexOf(arguments)
        },
        FunctionDefinition(name: "LASTINDEXOF", arity: 2...3) { arguments, _ in
            lastIndexOf(arguments)
        },
        FunctionDefinition(name: "LEFT", arity: 2...2) { arguments, _ in
            guard let text = arguments.string(0).map(UTF16Text.init), let count = arguments.truncatedInteger(1) else { return nil }
            return .string(text.slice(0..<max(0, clampedInt(count))))
        },
        FunctionDefinition(name: "RIGHT", arity: 2...2) { arguments, _ in
            guard let text = arguments.string(0).map(UTF16Text.init), let count = arguments.truncatedInteger(1) else { return nil }
            let taken = min(max(clampedInt(count), 0), text.count)
            return .string(text.slice((text.count - taken)..<text.count))
        },
        FunctionDefinition(name: "SUBSTRING", arity: 3...3) { arguments, _ in
            substring(arguments)
        },
        FunctionDefinition(name: "LENGTH", arity: 1...1) { arguments, _ in
            arguments.string(0).map { .integer(Int64($0.utf16.count)) }
        },
        FunctionDefinition(name: "LOWER", arity: 1...1) { arguments, _ in
            arguments.string(0).map { .string(CaseMapping.lowercased($0)) }
        },
        FunctionDefinition(name: "UPPER", arity: 1...1) { arguments, _ in
            arguments.string(0).map { .string(CaseMapping.uppercased($0)) }
        },
        trimming("LTRIM", leading: true, trailing: false),
        trimming("RTRIM", leading: false, trailing: true),
        trimming("TRIM", leading: true, trailing: true),
        FunctionDefinition(name: "RegexMatch", arity: 2...3) { (arguments, _) throws(FunctionError) in
            try regexMatch(arguments)
        },
        FunctionDefinition(name: "REPLACE", arity: 3...3) { arguments, _ in
            guard let text = arguments.string(0), let target = arguments.string(1), let replacement = arguments.string(2) else { return nil }
            if target.isEmpty { return .string(text) }
            return .string(UTF16Text(text).split(separator: UTF16Text(target)).joined(separator: replacement))
        },
        FunctionDefinition(name: "REPLICATE", arity: 2...2) { arguments, _ in
            replicate(arguments)
        },
        FunctionDefinition(name: "REVERSE", arity: 1...1) { arguments, _ in
            arguments.string(0).map { .string(String(String.UnicodeScalarView($0.unicodeScalars.reversed()))) }
        },
        converting("StringToArray") { $0.arrayValue != nil },
        converting("StringToBoolean") { $0.boolValue != nil },
        converting("StringToNull") { $0.isNull },
        converting("StringToNumber") { $0.isNumber },
        converting("StringToObject") { $0.objectValue != nil },
        FunctionDefinition(name: "StringJoin", arity: 2...2) { arguments, _ in
            guard let elements = arguments.array(0), let separator = arguments.string(1) else { return nil }
            var pieces: [String] = []
            pieces.reserveCapacity(elements.count)
            for element in elements {
                guard let piece = element.stringValue else { return nil }
                pieces.append(piece)
            }
            return .string(pieces.joined(separator: separator))
        },
        FunctionDefinition(name: "StringSplit", arity: 2...2) { arguments, _ in
            guard let text = arguments.string(0), let separator = arguments.string(1) else { return nil }
            if separator.isEmpty { return .array([.string(text)]) }
            return .array(UTF16Text(text).split(separator: UTF16Text(separator)).map(JSONValue.string))
        },
        FunctionDefinition(name: "ToString", arity: 1...1) { arguments, _ in
            arguments.value(0).map { .string(ValueText.text(of: $0)) }
        },
    ]

    /// The maximum length (UTF-16 code units) of a `REPLICATE` result, as documented.
    static let maximumReplicatedLength = 10_000

    // MARK: Helpers

    /// An `Int` for a 64-bit count or position (identical on 64-bit platforms, clamped elsewhere).
    static func clampedInt(_ value: Int64) -> Int {
        Int(clamping: value)
    }

    /// `text` as compared: upper-cased when the comparison ignores case.
    private static func folded(_ text: String, ignoreCase: Bool) -> UTF16Text {
        UTF16Text(ignoreCase ? CaseMapping.uppercased(text) : text)
    }

    /// Two strings and an optional ignore-case flag compared by `predicate`.
    private static func compare(_ arguments: [JSONValue?], _ predicate: (UTF16Text, UTF16Text) -> Bool) -> JSONValue? {
        guard let first = arguments.string(0), let second = arguments.string(1), let ignoreCase = arguments.optionalFlag(2) else {
            return nil
        }
        return .bool(predicate(self.folded(first, ignoreCase: ignoreCase), self.folded(second, ignoreCase: ignoreCase)))
    }

    /// `CONTAINS_ALL_*` / `CONTAINS_ANY_*`: the AND / OR of `CONTAINS(text, term)` over the terms, with the query
    /// language's three-valued logic. A term that is undefined or not a string counts as undefined, so `ALL` is false
    /// when any term is missing from the text, else undefined when any term was undefined, else true (and dually for
    /// `ANY`), as the CONTAINS_ALL_CI page shows.
    private static func searchForTerms(_ name: String, matchAny: Bool, ignoreCase: Bool) -> FunctionDefinition {
        FunctionDefinition(name: name, arity: 2...Int.max, propagatesUndefined: false) { arguments, _ in
            let text = arguments.string(0).map { self.folded($0, ignoreCase: ignoreCase) }
            var sawUndefined = false
            for index in arguments.indices.dropFirst() {
                guard let text, let term = arguments.string(index) else {
                    sawUndefined = true
                    continue
                }
                let found = text.contains(self.folded(term, ignoreCase: ignoreCase))
                if found == matchAny { return .bool(matchAny) }
            }
            return sawUndefined ? nil : .bool(!matchAny)
        }
    }

    /// `INDEX_OF(text, search [, start])`: the first position at or after `start` (default 0), or -1. A negative start
    /// is invalid (undefined); a start past the end finds nothing (-1).
    private static func indexOf(_ arguments: [JSONValue?]) -> JSONValue? {
        guard let text = arguments.string(0).map(UTF16Text.init), let search = arguments.string(1).map(UTF16Text.init) else {
            return nil
        }
        var start = 0
        if arguments.count > 2 {
            guard let requested = arguments.truncatedInteger(2), requested >= 0 else { return nil }
            start = self.clampedInt(requested)
        }
        if start > text.count { return .integer(-1) }
        return .integer(Int64(text.firstIndex(of: search, from: start) ?? -1))
    }

    /// `LASTINDEXOF(text, search [, start])`: the last occurrence lying entirely at or before position `start`
    /// (the search runs from `start` toward the beginning, as the documentation says), or -1.
    private static func lastIndexOf(_ arguments: [JSONValue?]) -> JSONValue? {
        guard let text = arguments.string(0).map(UTF16Text.init), let search = arguments.string(1).map(UTF16Text.init) else {
            return nil
        }
        var latestStart = text.count - search.count
        if arguments.count > 2 {
            guard let requested = arguments.truncatedInteger(2) else { return nil }
            if requested < 0 { return .integer(-1) }
            let end = min(self.clampedInt(requested), text.count - 1)
            latestStart = min(latestStart, end - search.count + 1)
        }
        return .integer(Int64(text.lastIndex(of: search, atOrBefore: latestStart) ?? -1))
    }

    /// `SUBSTRING(text, start, length)`: the code units in `[start, start + length)` that exist. A negative length gives
    /// the empty string (documented); a negative start counts its window from that position, as in SQL, so
    /// `SUBSTRING("abc", -1, 3)` is `"ab"`.
    private static func substring(_ arguments: [JSONValue?]) -> JSONValue? {
        guard let text = arguments.string(0).map(UTF16Text.init), let start = arguments.truncatedInteger(1),
            let length = arguments.truncatedInteger(2)
        else { return nil }
        if length <= 0 { return .string("") }
        let (end, overflow) = start.addingReportingOverflow(length)
        let lower = self.clampedInt(max(start, 0))
        let upper = overflow ? Int.max : self.clampedInt(end)
        return .string(upper <= lower ? "" : text.slice(lower..<upper))
    }

    /// `REPLICATE(text, count)`: undefined for a negative or non-finite count, or when the result would exceed
    /// ``maximumReplicatedLength`` code units.
    private static func replicate(_ arguments: [JSONValue?]) -> JSONValue? {
        guard let text = arguments.string(0), let count = arguments.truncatedInteger(1), count >= 0 else { return nil }
        let unitCount = Int64(text.utf16.count)
        if count > 0 && unitCount > 0 && unitCount > Int64(self.maximumReplicatedLength) / count { return nil }
        return .string(String(repeating: text, count: self.clampedInt(count)))
    }

    /// `LTRIM`/`RTRIM`/`TRIM(text [, characters])`: removes whitespace, or any of the given characters (a set, as the
    /// TRIM page's `TRIM("-_-AdventureWorks-_-", "-_")` example shows), from the chosen ends.
    private static func trimming(_ name: String, leading: Bool, trailing: Bool) -> FunctionDefinition {
        FunctionDefinition(name: name, arity: 1...2) { arguments, _ in
            guard let text = arguments.string(0) else { return nil }
            var characters: Set<Unicode.Scalar>?
            if arguments.count > 1 {
                guard let given = arguments.string(1) else { return nil }
                characters = Set(given.unicodeScalars)
            }
            let scalars = Array(text.unicodeScalars)
            let shouldTrim = { (scalar: Unicode.Scalar) in characters?.contains(scalar) ?? scalar.properties.isWhitespace }
            var lower = 0
            var upper = scalars.count
            if leading { while lower < upper && shouldTrim(scalars[lower]) { lower += 1 } }
            if trailing { while upper > lower && shouldTrim(scalars[upper - 1]) { upper -= 1 } }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[lower..<upper])
            return .string(String(view))
        }
    }

    /// `RegexMatch(text, pattern [, modifiers])`: whether the pattern matches anywhere in the text (an unanchored
    /// search over Unicode scalars, unless the pattern anchors itself). Modifiers: `i` (ignore case, by simple case
    /// folding), `m` (`^`/`$` at line feeds), `s` (`.` matches line feeds), `x` (ignore pattern white space and `#`
    /// comments).
    ///
    /// Patterns run on a linear-time matcher (``LinearRegex``: a Thompson NFA simulated over all states at once), so
    /// no pattern can take more than O(pattern × text) steps. It supports the PCRE syntax that needs no backtracking:
    /// literals and escapes, `.`, classes (`\d \w \s` are ASCII), anchors and `\b`, alternation, groups (capturing,
    /// non-capturing, named, inline options) and greedy or lazy quantifiers (counts up to 1,000). Backreferences,
    /// lookahead and lookbehind, atomic groups and possessive quantifiers, recursion and conditionals are what make
    /// backtracking matchers exponential, and are refused with an error, as are `\p{...}` properties.
    ///
    /// An invalid or unsupported pattern, or a modifier other than `i`, `m`, `s` and `x`, is an error (the service
    /// answers 400); the pattern is checked even when the text is not a string. Arguments of the wrong type give
    /// undefined.
    private static func regexMatch(_ arguments: [JSONValue?]) throws(FunctionError) -> JSONValue? {
        guard let pattern = arguments.string(1) else { return nil }
        var modifiers = ""
        if arguments.count > 2 {
            guard let given = arguments.string(2) else { return nil }
            modifiers = given
        }
        let regex = try RegexPatternCache.regex(pattern: pattern, modifiers: modifiers)
        guard let text = arguments.string(0) else { return nil }
        return .bool(regex.matches(text))
    }

    /// `StringTo*`: parses the string as strict JSON (surrounding whitespace allowed) and keeps the result only when
    /// it has the expected kind.
    private static func converting(_ name: String, accept: @escaping @Sendable (JSONValue) -> Bool) -> FunctionDefinition {
        FunctionDefinition(name: name, arity: 1...1) { arguments, _ in
            guard let text = arguments.string(0), let parsed = try? JSONReader.parse(text), accept(parsed) else { return nil }
            return parsed
        }
    }
}
