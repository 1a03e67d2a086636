import CosmosSQL
import JSON
import Synchronization

/// Parsed queries by their text, shared by every container of the process.
///
/// Dashboards and services send the same few query texts again and again with new parameter values. A parse depends
/// on the text alone and is about a third of a point query's fixed cost, so it is done once per text. The cache is
/// bounded: long texts are never kept, and a full cache starts over (a query mix with more distinct texts than the
/// capacity gains nothing from any eviction order).
final class ParsedQueryCache: Sendable {
    static let shared = ParsedQueryCache(capacity: 512, longestText: 4096)

    private let capacity: Int
    private let longestText: Int
    /// Keyed by code point: texts that differ only by canonically equivalent spellings ('é' and 'e\u{301}') are
    /// different queries.
    private let entries = Mutex<[OrdinalString: SelectQuery]>([:])

    init(capacity: Int, longestText: Int) {
        self.capacity = capacity
        self.longestText = longestText
    }

    /// The parse of `text`, from the cache or parsed now. Syntax errors are not kept: they are thrown each time.
    func query(parsing text: String) throws(SyntaxError) -> SelectQuery {
        let cacheable = text.utf8.count <= self.longestText
        if cacheable, let cached = self.entries.withLock({ $0[OrdinalString(text)] }) {
            return cached
        }
        let query = try SQLParser.parse(text)
        if cacheable {
            self.entries.withLock { entries in
                if entries.count >= self.capacity { entries.removeAll(keepingCapacity: true) }
                entries[OrdinalString(text)] = query
            }
        }
        return query
    }
}
