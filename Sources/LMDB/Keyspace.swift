internal import CLMDB

/// One LMDB named database ("keyspace": Cosmos already uses the word database for something else).
///
/// Keyspaces are opened once, when the ``Environment`` opens, from the fixed list the owner passes in. The handle is a
/// small integer that stays valid for the life of the environment and may be shared freely between threads.
public struct Keyspace: Sendable, Hashable, CustomStringConvertible {
    /// The name given at open.
    public let name: String
    let handle: MDB_dbi

    init(name: String, handle: MDB_dbi) {
        self.name = name
        self.handle = handle
    }

    public var description: String { "keyspace \(self.name)" }
}
