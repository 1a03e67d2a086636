/// Locale-independent upper- and lower-casing, one Unicode scalar at a time.
///
/// Each scalar maps to its Unicode case mapping when that mapping is a single scalar, and stays as it is otherwise
/// (so `ß` stays `ß` rather than becoming `SS`), like .NET's invariant-culture `ToUpperInvariant`/`ToLowerInvariant`.
/// Case-insensitive comparisons compare the upper-cased forms ordinally.
enum CaseMapping {
    private enum Direction {
        case upper, lower
    }

    static func uppercased(_ string: String) -> String {
        self.map(string, .upper)
    }

    static func lowercased(_ string: String) -> String {
        self.map(string, .lower)
    }

    private static func map(_ string: String, _ direction: Direction) -> String {
        if string.utf8.allSatisfy({ $0 < 0x80 }) {
            let bytes = string.utf8.map { byte -> UInt8 in
                switch direction {
                case .upper: (0x61...0x7A).contains(byte) ? byte - 0x20 : byte
                case .lower: (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var result = String.UnicodeScalarView()
        for scalar in string.unicodeScalars {
            let mapping = direction == .upper ? scalar.properties.uppercaseMapping : scalar.properties.lowercaseMapping
            let mapped = mapping.unicodeScalars
            if mapped.count == 1, let single = mapped.first {
                result.append(single)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
