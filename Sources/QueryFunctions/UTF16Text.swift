/// A string seen as UTF-16 code units, the unit the service counts in.
///
/// Lengths, positions and slices of the string functions are in UTF-16 code units, as the service (a .NET/UTF-16
/// heritage engine) counts them: `LENGTH("é")` is 1, `LENGTH("😀")` is 2. Searches are ordinal (code unit by code
/// unit). A slice that cuts a surrogate pair in half yields U+FFFD for the orphaned half, because Swift strings are
/// always valid Unicode.
struct UTF16Text {
    let units: [UInt16]

    init(_ string: String) {
        self.units = Array(string.utf16)
    }

    var count: Int { self.units.count }

    /// The text of `range`, clamped to the string.
    func slice(_ range: Range<Int>) -> String {
        let lower = max(0, min(range.lowerBound, self.count))
        let upper = max(lower, min(range.upperBound, self.count))
        return String(decoding: self.units[lower..<upper], as: UTF16.self)
    }

    /// The first position at or after `start` where `needle` occurs, or `nil`.
    func firstIndex(of needle: UTF16Text, from start: Int = 0) -> Int? {
        let last = self.count - needle.count
        guard start <= last else { return nil }
        var position = max(0, start)
        while position <= last {
            if self.matches(needle, at: position) { return position }
            position += 1
        }
        return nil
    }

    /// The last position `p <= latestStart` where `needle` occurs, or `nil`.
    func lastIndex(of needle: UTF16Text, atOrBefore latestStart: Int) -> Int? {
        var position = min(latestStart, self.count - needle.count)
        while position >= 0 {
            if self.matches(needle, at: position) { return position }
            position -= 1
        }
        return nil
    }

    func hasPrefix(_ prefix: UTF16Text) -> Bool {
        prefix.count <= self.count && self.matches(prefix, at: 0)
    }

    func hasSuffix(_ suffix: UTF16Text) -> Bool {
        suffix.count <= self.count && self.matches(suffix, at: self.count - suffix.count)
    }

    func contains(_ needle: UTF16Text) -> Bool {
        self.firstIndex(of: needle) != nil
    }

    /// The pieces between non-overlapping occurrences of `separator` (which must not be empty), left to right.
    func split(separator: UTF16Text) -> [String] {
        var pieces: [String] = []
        var start = 0
        var position = 0
        while let found = self.firstIndex(of: separator, from: position) {
            pieces.append(self.slice(start..<found))
            start = found + separator.count
            position = start
        }
        pieces.append(self.slice(start..<self.count))
        return pieces
    }

    private func matches(_ needle: UTF16Text, at position: Int) -> Bool {
        guard position >= 0, position + needle.count <= self.count else { return false }
        var index = 0
        while index < needle.count {
            if self.units[position + index] != needle.units[index] { return false }
            index += 1
        }
        return true
    }
}
