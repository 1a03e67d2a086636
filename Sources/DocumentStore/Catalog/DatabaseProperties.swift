/// A database as stored in the catalog.
public struct DatabaseProperties: Sendable, Hashable {
    public let id: String
    /// Internal number, never reused; the database's `_rid` encodes it.
    public let number: UInt32
    /// Seconds since 1970 of the last change.
    public let timestamp: Int64
    public let etag: String

    public var resourceID: String { ResourceIdentifier.database(self.number) }
}
