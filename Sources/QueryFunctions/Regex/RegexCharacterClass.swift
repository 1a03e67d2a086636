/// What one pattern item that consumes a single scalar accepts: a literal, `.`, a class escape such as `\d`, or a
/// bracketed class such as `[^a-z\d]`.
///
/// Case-insensitive literals and ranges go in ``caseless``: a scalar is in it when any scalar equal to it under simple
/// case folding (``RegexCaseFolding``) is. Class escapes and POSIX classes other than `upper`/`lower` are not folded,
/// as in PCRE. Negation applies last, so `(?i)[^k]` rejects `K` and the Kelvin sign as well as `k`.
struct RegexCharacterClass: Sendable, Hashable {
    /// Scalars accepted as they are.
    let exact: RegexCharacterSet
    /// Scalars accepted together with their case-equivalents.
    let caseless: RegexCharacterSet
    /// Whether the class accepts exactly the scalars the two sets do not (`[^...]`).
    let isInverted: Bool
    /// The answer for each ASCII scalar (bit `n` of word `n / 64`), the common case, precomputed.
    private let asciiAnswers: (UInt64, UInt64)

    init(exact: RegexCharacterSet = RegexCharacterSet(), caseless: RegexCharacterSet = RegexCharacterSet(), isInverted: Bool = false) {
        self.exact = exact
        self.caseless = caseless
        self.isInverted = isInverted
        var answers: (UInt64, UInt64) = (0, 0)
        for value in UInt32(0)..<128 {
            guard let scalar = Unicode.Scalar(value), Self.computeMatch(scalar, exact, caseless, isInverted) else { continue }
            if value < 64 {
                answers.0 |= 1 << UInt64(value)
            } else {
                answers.1 |= 1 << UInt64(value - 64)
            }
        }
        self.asciiAnswers = answers
    }

    static func == (left: RegexCharacterClass, right: RegexCharacterClass) -> Bool {
        left.exact == right.exact && left.caseless == right.caseless && left.isInverted == right.isInverted
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(self.exact)
        hasher.combine(self.caseless)
        hasher.combine(self.isInverted)
    }

    /// A literal scalar, with its case-equivalents when `ignoringCase`.
    static func literal(_ scalar: Unicode.Scalar, ignoringCase: Bool) -> RegexCharacterClass {
        let members = ignoringCase ? RegexCaseFolding.equivalents(of: scalar) : [scalar]
        return RegexCharacterClass(exact: RegexCharacterSet(scalars: members))
    }

    /// `.` (every scalar but the line feed, or every scalar in dot-all mode).
    static func dot(matchingNewline: Bool) -> RegexCharacterClass {
        RegexCharacterClass(exact: matchingNewline ? .all : RegexCharacterSet.newline.inverted())
    }

    /// The one scalar the class accepts, when it accepts exactly one.
    var singleScalar: Unicode.Scalar? {
        guard !self.isInverted, self.caseless.isEmpty else { return nil }
        return self.exact.singleScalar
    }

    /// Whether the class accepts every scalar.
    var acceptsEverything: Bool {
        if self.isInverted { return self.exact.isEmpty && self.caseless.isEmpty }
        return self.exact.isFull
    }

    func matches(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 64 { return self.asciiAnswers.0 & (1 << UInt64(value)) != 0 }
        if value < 128 { return self.asciiAnswers.1 & (1 << UInt64(value - 64)) != 0 }
        return Self.computeMatch(scalar, self.exact, self.caseless, self.isInverted)
    }

    private static func computeMatch(
        _ scalar: Unicode.Scalar, _ exact: RegexCharacterSet, _ caseless: RegexCharacterSet, _ isInverted: Bool
    ) -> Bool {
        var found = exact.contains(scalar.value)
        if !found && !caseless.isEmpty {
            found = RegexCaseFolding.anyEquivalent(of: scalar) { caseless.contains($0.value) }
        }
        return found != isInverted
    }
}
