import DocumentStore
import JSON

/// Where a sorted, grouped or DISTINCT query resumes: after the last row of the previous page.
///
/// The row is named by its sort key (ORDER BY keys, the group key, or the DISTINCT value) and origin. A key small
/// enough to carry is carried whole, and the next page starts after it in sort order, which stays right while
/// writes continue. A larger key (an ORDER BY on a 12 KB string, a DISTINCT over big objects) would make a token too
/// big for an HTTP header, so the token carries its 128-bit hash and the row's position instead: the next page
/// recomputes the sorted result and starts after the row with that hash and origin, found at that position when
/// nothing changed and anywhere else when rows moved; when the row is gone, the next page starts where it was.
struct SortedResume: Sendable, Hashable {
    /// The most bytes of key JSON a token carries whole (about 1.4 KB once in base64).
    static let maximumInlineKeyBytes = 1024

    /// The last row's keys, when they fit.
    var keys: [JSONValue?]?
    /// MurmurHash3 x64 128 of the keys' JSON, when they do not.
    var digest: Digest?
    var origin: RowOrigin
    /// The index, in the whole sorted result after OFFSET/LIMIT, of the row that starts the next page.
    var position: Int

    struct Digest: Sendable, Hashable {
        var high: UInt64
        var low: UInt64

        init(high: UInt64, low: UInt64) {
            self.high = high
            self.low = low
        }

        init(of keys: [JSONValue?]) {
            self.init(json: SortedResume.keysJSON(keys))
        }

        init(json: [UInt8]) {
            let (high, low) = json.withUnsafeBytes { MurmurHash3.hash128($0) }
            self.init(high: high, low: low)
        }

        var hex: String { SystemPropertiesHex.hex(self.high) + SystemPropertiesHex.hex(self.low) }

        init?(hex: String) {
            let digits = Array(hex.utf8)
            guard digits.count == 32, let high = UInt64(String(decoding: digits[0..<16], as: UTF8.self), radix: 16),
                let low = UInt64(String(decoding: digits[16..<32], as: UTF8.self), radix: 16)
            else { return nil }
            self.init(high: high, low: low)
        }
    }

    init(keys: [JSONValue?]?, digest: Digest?, origin: RowOrigin, position: Int) {
        self.keys = keys
        self.digest = digest
        self.origin = origin
        self.position = position
    }

    /// The resume point after `row`, the last row of a page; `position` is the index of the next row.
    init(after row: CollectedRow, position: Int) {
        let json = Self.keysJSON(row.keys)
        if json.count <= Self.maximumInlineKeyBytes {
            self.init(keys: row.keys, digest: nil, origin: row.origin, position: position)
        } else {
            self.init(keys: nil, digest: Digest(json: json), origin: row.origin, position: position)
        }
    }

    /// The index of the first row of the next page in `rows` (the whole sorted result after OFFSET/LIMIT).
    func firstIndex(in rows: [CollectedRow], descending: [Bool]) -> Int {
        if let keys = self.keys {
            let marker = CollectedRow(output: .value(.null), keys: keys, origin: self.origin)
            return rows.firstIndex { RowCollector.precedes(marker, $0, descending: descending) } ?? rows.count
        }
        let isLastRow = { (row: CollectedRow) in row.origin == self.origin && Digest(of: row.keys) == self.digest }
        if self.position > 0 && self.position <= rows.count && isLastRow(rows[self.position - 1]) {
            return self.position
        }
        if let moved = rows.firstIndex(where: isLastRow) {
            return moved + 1
        }
        // The row is gone (or its key changed): the rows before it most likely stayed, so the next one now sits where
        // it was.
        return min(max(self.position - 1, 0), rows.count)
    }

    /// The keys as the token writes them: `{"v": key}` per key, `{}` for undefined.
    static func keysJSON(_ keys: [JSONValue?]) -> [UInt8] {
        JSONWriter.bytes(from: Self.encodedKeys(keys))
    }

    static func encodedKeys(_ keys: [JSONValue?]) -> JSONValue {
        .array(keys.map { $0.map { ["v": $0] } ?? [:] })
    }

    static func decodedKeys(_ value: JSONValue) -> [JSONValue?]? {
        value.arrayValue?.map { $0["v"] }
    }
}
