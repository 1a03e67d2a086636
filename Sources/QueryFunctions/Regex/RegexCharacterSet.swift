/// A set of Unicode scalar values held as sorted, disjoint, non-adjacent closed ranges, so membership is a binary
/// search however large the set (`[^a]` is two ranges).
struct RegexCharacterSet: Sendable, Hashable {
    /// The largest Unicode scalar value.
    static let maximumValue: UInt32 = 0x10_FFFF

    /// The ranges, sorted by lower bound, none overlapping or touching another.
    private(set) var ranges: [ClosedRange<UInt32>]

    /// The empty set.
    init() {
        self.ranges = []
    }

    /// The union of `ranges`, which may be unsorted and overlap.
    init(_ ranges: [ClosedRange<UInt32>]) {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt32>] = []
        merged.reserveCapacity(sorted.count)
        for range in sorted {
            if let last = merged.last, range.lowerBound <= last.upperBound || range.lowerBound - last.upperBound == 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.ranges = merged
    }

    /// The set holding just `scalars`.
    init(scalars: some Sequence<Unicode.Scalar>) {
        self.init(scalars.map { $0.value...$0.value })
    }

    var isEmpty: Bool { self.ranges.isEmpty }

    /// Whether the set holds every scalar value.
    var isFull: Bool { self.ranges == [0...Self.maximumValue] }

    /// The only member, when the set has exactly one.
    var singleScalar: Unicode.Scalar? {
        guard self.ranges.count == 1, let only = self.ranges.first, only.lowerBound == only.upperBound else { return nil }
        return Unicode.Scalar(only.lowerBound)
    }

    func contains(_ value: UInt32) -> Bool {
        var low = 0
        var high = self.ranges.count
        while low < high {
            let middle = (low + high) / 2
            let range = self.ranges[middle]
            if value < range.lowerBound {
                high = middle
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }

    func union(_ other: RegexCharacterSet) -> RegexCharacterSet {
        RegexCharacterSet(self.ranges + other.ranges)
    }

    /// Every scalar value (0 through U+10FFFF) not in the set.
    func inverted() -> RegexCharacterSet {
        var complement: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in self.ranges {
            if range.lowerBound > next { complement.append(next...(range.lowerBound - 1)) }
            if range.upperBound == Self.maximumValue { return RegexCharacterSet(complement) }
            next = range.upperBound + 1
        }
        complement.append(next...Self.maximumValue)
        return RegexCharacterSet(complement)
    }

    // MARK: The class escapes (ASCII definitions, as PCRE without Unicode properties)

    /// `\d`: `0-9`.
    static let digits = RegexCharacterSet([0x30...0x39])
    /// `\w`: `A-Z`, `a-z`, `0-9` and `_`.
    static let wordCharacters = RegexCharacterSet([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    /// `\s`: space, tab, line feed, vertical tab, form feed, carriage return.
    static let whitespace = RegexCharacterSet([0x09...0x0D, 0x20...0x20])
    /// `\h`: horizontal white space (tab, space, no-break space and the Unicode space separators).
    static let horizontalWhitespace = RegexCharacterSet([
        0x09...0x09, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x180E...0x180E, 0x2000...0x200A, 0x202F...0x202F,
        0x205F...0x205F, 0x3000...0x3000,
    ])
    /// `\v`: vertical white space (line feed through carriage return, next line, line and paragraph separators).
    static let verticalWhitespace = RegexCharacterSet([0x0A...0x0D, 0x85...0x85, 0x2028...0x2029])
    /// The line feed, the only newline for `.`, `^`, `$` and `\N`.
    static let newline = RegexCharacterSet([0x0A...0x0A])
    /// Every scalar.
    static let all = RegexCharacterSet([0...maximumValue])
}
