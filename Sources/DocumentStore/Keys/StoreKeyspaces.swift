import LMDB

/// The fixed set of keyspaces a store opens, one per kind of record. Containers are key prefixes inside them, never
/// keyspaces of their own, so opening a store costs the same however many containers it holds.
///
/// | keyspace | key | value |
/// |---|---|---|
/// | catalog | `d`‖0‖db, `c`‖0‖db‖0‖container, `s`‖container#, `g`, `n`, `p`‖container# | records (JSON), counters |
/// | documents | container#(4) ‖ rid(8) | ``DocumentEnvelope`` |
/// | identities | container# ‖ EPK ‖ id key | rid(8) |
/// | changes | container# ‖ lsn(8) | rid(8) ‖ EPK |
/// | ranges | container# ‖ path tag ‖ encoded value ‖ rid | empty |
/// | spatial | container# ‖ path tag ‖ cell y(4) ‖ cell x(4) ‖ rid | longitude(8) ‖ latitude(8) |
/// | expiry | container# ‖ expiry ms(8) ‖ rid | EPK |
/// | uniques | container# ‖ key#(1) ‖ EPK ‖ value hash(16) | rid(8) |
///
/// Documents are keyed by `rid`, their creation sequence number, which never changes: appends fill pages densely,
/// scans in creation order are stable under updates, and the (partition key, id) identity index stays small.
struct StoreKeyspaces: Sendable {
    static let names = ["catalog", "documents", "identities", "changes", "ranges", "spatial", "expiry", "uniques"]

    let catalog: Keyspace
    let documents: Keyspace
    let identities: Keyspace
    let changes: Keyspace
    let ranges: Keyspace
    let spatial: Keyspace
    let expiry: Keyspace
    let uniques: Keyspace

    init(_ environment: Environment) {
        self.catalog = environment.keyspace("catalog")
        self.documents = environment.keyspace("documents")
        self.identities = environment.keyspace("identities")
        self.changes = environment.keyspace("changes")
        self.ranges = environment.keyspace("ranges")
        self.spatial = environment.keyspace("spatial")
        self.expiry = environment.keyspace("expiry")
        self.uniques = environment.keyspace("uniques")
    }

    /// Every keyspace whose keys start with a container number.
    var containerScoped: [Keyspace] {
        [self.documents, self.identities, self.changes, self.ranges, self.spatial, self.expiry, self.uniques]
    }
}
