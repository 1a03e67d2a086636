/// A database as stored in the catalog.
public struct DatabaseProperties: Sendable, Hashable {
    public let id: String
    /// Internal number, never reused; the database's `_rid` encodes it.
    public let number: UInt32
    /// Seconds since 1970 of the last change.
    public let timestamp: Int64
    public let etag: String
    /// Throughput shared by the database's containers that have none of their own (`nil`: none provisioned).
    public let throughput: Throughput?

    public init(id: String, number: UInt32, timestamp: Int64, etag: String, throughput: Throughput? = nil) {
        self.id = id
        self.number = number
        self.timestamp = timestamp
        self.etag = etag
        self.throughput = throughput
    }

    public var resourceID: String { ResourceIdentifier.database(self.number) }
}
