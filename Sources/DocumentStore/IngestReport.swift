/// The per-document outcome of an ingest, with totals.
public struct IngestReport: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        case created
        case replaced
        /// The document equalled the stored one (a re-delivered event): nothing changed.
        case duplicate
        /// Not written; the reason says why (invalid JSON, missing id, partition key mismatch, ...).
        case rejected(reason: String)
    }

    public struct Item: Sendable, Hashable {
        /// Where the document was in the input: its line number for NDJSON, else its index (from 0).
        public let position: Int
        /// The document id, when it could be determined.
        public let id: String?
        public let outcome: Outcome
    }

    public let items: [Item]

    public init(items: [Item]) {
        self.items = items
    }

    public var created: Int { self.items.count { $0.outcome == .created } }
    public var replaced: Int { self.items.count { $0.outcome == .replaced } }
    public var duplicates: Int { self.items.count { $0.outcome == .duplicate } }
    public var rejected: Int {
        self.items.count { if case .rejected = $0.outcome { true } else { false } }
    }
}
