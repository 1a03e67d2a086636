import Synchronization

/// Compiles `RegexMatch` patterns once per distinct (pattern, modifiers) pair, since a query usually evaluates the same
/// constant pattern against every item.
///
/// Patterns use Swift `Regex` syntax, which covers the PCRE constructs the service documents (classes, quantifiers,
/// groups, anchors, look-around, inline options). Matching runs at Unicode-scalar level, as PCRE matches code points.
/// The modifiers are the four the service supports: `i` (ignore case), `m` (`^`/`$` match at line breaks), `s` (`.`
/// matches newlines) and `x` (ignore pattern whitespace); any other character, or an invalid pattern, is an error.
enum RegexCache {
    private static let capacity = 64
    private static let cache = Mutex<[String: SharedRegex]>([:])

    /// A compiled pattern shared between queries.
    // @unchecked: Regex is immutable once built and the standard library publishes its lazily lowered program atomically.
    private struct SharedRegex: @unchecked Sendable {
        let regex: Regex<AnyRegexOutput>
    }

    static func regex(pattern: String, modifiers: String) throws(FunctionError) -> Regex<AnyRegexOutput> {
        let key = modifiers + "\u{0}" + pattern
        if let cached = self.cache.withLock({ $0[key] }) { return cached.regex }
        for modifier in modifiers where !"imsx".contains(modifier) {
            throw FunctionError("Invalid regular expression modifier '\(modifier)'; the supported modifiers are i, m, s and x.")
        }
        let inlineOptions = modifiers.isEmpty ? "" : "(?" + String(Set(modifiers).sorted()) + ")"
        let compiled: Regex<AnyRegexOutput>
        do {
            compiled = try Regex(inlineOptions + pattern).matchingSemantics(.unicodeScalar)
        } catch {
            throw FunctionError("Invalid regular expression '\(pattern)': \(error)")
        }
        self.cache.withLock { table in
            if table.count >= self.capacity { table.removeAll(keepingCapacity: true) }
            table[key] = SharedRegex(regex: compiled)
        }
        return compiled
    }
}
