import LMDB

/// How a store's data file is used: one B-tree per keyspace and the file's totals.
///
/// For operators and for performance work: the depth of a tree and its page counts tell how many pages a write to it
/// touches (a leaf plus one page per level above it), and the used part of the file against the pages the trees hold
/// tells how much is free for reuse.
public struct StorageStatistics: Sendable, Hashable {
    /// One keyspace's B-tree, as `mdb_stat` reports it.
    public struct Tree: Sendable, Hashable {
        public var keyspace: String
        public var entries: Int
        public var depth: Int
        public var branchPages: Int
        public var leafPages: Int
        public var overflowPages: Int

        public var pages: Int { self.branchPages + self.leafPages + self.overflowPages }
    }

    /// The keyspaces in the order the store declares them.
    public var trees: [Tree]
    public var pageSize: Int
    /// Pages from the start of the file to the last one in use: trees, LMDB's own records and free pages.
    public var usedPages: Int
    /// Bytes of `data.mdb` on disk (at least `usedPages * pageSize`).
    public var fileBytes: Int
    public var lastTransactionID: Int

    /// Pages of the used part that no keyspace's tree holds: free pages waiting for reuse, the two meta pages and
    /// LMDB's free-list and keyspace-directory records.
    public var pagesOutsideTrees: Int {
        max(0, self.usedPages - self.trees.reduce(0) { $0 + $1.pages })
    }
}
