extension Environment {
    /// How an ``Environment`` opens: its keyspaces, map sizes and durability.
    public struct Configuration: Sendable, Hashable {
        /// The names of every keyspace the environment will ever use; all are created and opened at open time.
        public var keyspaces: [String]
        /// Bytes of address space reserved for the map when the file is new or smaller. The file itself grows only
        /// as pages are written, so a generous value costs nothing but address space.
        public var initialMapSize: Int
        /// The map doubles on `MDB_MAP_FULL` until it reaches this size; past it, writes fail with
        /// ``LMDBError/mapFull``.
        public var maximumMapSize: Int
        /// Reader slots in the lock file: the most read transactions alive at once across all processes.
        public var maximumReaders: UInt32
        /// `true`: every commit is flushed to stable storage before it returns (LMDB's default). `false`
        /// (`MDB_NOSYNC`): commits reach the OS but not the disk; a process crash loses nothing, an OS crash may
        /// lose the last commits, and the file is never corrupted.
        public var flushesOnCommit: Bool

        public init(
            keyspaces: [String],
            initialMapSize: Int = 1 << 30,
            maximumMapSize: Int = 1 << 40,
            maximumReaders: UInt32 = 1022,
            flushesOnCommit: Bool = true
        ) {
            self.keyspaces = keyspaces
            self.initialMapSize = initialMapSize
            self.maximumMapSize = max(maximumMapSize, initialMapSize)
            self.maximumReaders = maximumReaders
            self.flushesOnCommit = flushesOnCommit
        }
    }

    /// What `mdb_env_info` reports, in Swift terms.
    public struct Info: Sendable, Hashable {
        public var mapSize: Int
        public var lastPageNumber: Int
        public var lastTransactionID: Int
        public var maximumReaders: Int
        public var readersInUse: Int
        public var pageSize: Int
    }

    /// What `mdb_stat` reports for one keyspace.
    public struct Statistics: Sendable, Hashable {
        public var entries: Int
        public var depth: Int
        public var branchPages: Int
        public var leafPages: Int
        public var overflowPages: Int
    }
}
