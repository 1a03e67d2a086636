extension CosmosRESTClient {
    /// What a document write did, as Cosmolite reports it in the `x-ms-cosmolite-write-outcome` response header (and
    /// in `cosmoliteWriteOutcome` of each batch result). The status alone cannot tell a replace from a re-delivered
    /// equal body, and an importer counts those apart.
    public enum WriteOutcome: String, Sendable, Hashable {
        case created
        case replaced
        /// The body equalled the stored one: nothing changed (same `_etag` and `_ts`).
        case unchanged

        static let headerName = "x-ms-cosmolite-write-outcome"
    }
}
