import JSON
import Synchronization

/// Compiles `RegexMatch` patterns once per distinct (pattern, modifiers) pair, since a query usually evaluates the same
/// constant pattern against every item. At most ``capacity`` patterns are kept (an arbitrary one is dropped to make
/// room), and very long patterns are compiled every time rather than kept.
enum RegexPatternCache {
    static let capacity = 64
    /// The longest pattern (in UTF-8 bytes) worth keeping.
    static let maximumCachedPatternLength = 4096

    /// Keyed by code point: canonically equivalent patterns ("é" and "e\u{301}") match different strings.
    private static let cache = Mutex<[OrdinalString: LinearRegex]>([:])

    /// How many compiled patterns are kept now.
    static var count: Int { self.cache.withLock { $0.count } }

    /// The compiled pattern; an invalid or unsupported pattern or modifier is a ``FunctionError``.
    static func regex(pattern: String, modifiers: String) throws(FunctionError) -> LinearRegex {
        let key = OrdinalString(modifiers + "\u{0}" + pattern)
        if let cached = self.cache.withLock({ $0[key] }) { return cached }
        for modifier in modifiers.unicodeScalars where !"imsx".unicodeScalars.contains(modifier) {
            throw FunctionError("Invalid regular expression modifier '\(modifier)'; the supported modifiers are i, m, s and x.")
        }
        let compiled: LinearRegex
        do {
            compiled = try LinearRegex(pattern: pattern, modifiers: modifiers)
        } catch {
            throw FunctionError("Invalid regular expression '\(pattern)': \(error.description)")
        }
        if pattern.utf8.count <= self.maximumCachedPatternLength {
            self.cache.withLock { table in
                if table.count >= self.capacity, table[key] == nil { table.remove(at: table.startIndex) }
                table[key] = compiled
            }
        }
        return compiled
    }
}
