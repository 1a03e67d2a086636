internal import CLMDB
internal import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An open LMDB environment: one directory holding `data.mdb` and `lock.mdb`, with a fixed set of keyspaces.
///
/// Open each directory once per process (LMDB's rule: a second open in the same process corrupts locking). All access
/// is closure-scoped: ``read(_:)`` and ``write(_:)`` begin a transaction, run the synchronous body on the calling
/// thread and end the transaction before returning, so a transaction can never cross a suspension point. Long or
/// many reads belong on threads of their own rather than the cooperative pool (`DocumentStore` does this).
///
/// The environment is opened with `MDB_NOTLS`, so read transactions are not tied to thread-local slots and any
/// thread may run them. Writes are serialised by LMDB's own lock; callers that want many writers to share commits
/// queue them on one thread (see `DocumentStore`).
///
/// When a write fills the map, the transaction is aborted, the map is doubled (up to
/// ``Configuration/maximumMapSize``) while no transaction of this process is alive, and the body is run again. When
/// another process has grown the map, the new size is adopted before the next transaction begins.
///
/// Related LMDB documentation: http://www.lmdb.tech/doc/group__mdb.html
public final class Environment: Sendable {
    /// The directory the environment lives in.
    public let path: String
    public let configuration: Configuration

    private let handle: EnvironmentHandle
    private let keyspacesByName: [String: Keyspace]
    private let gate = MapGate()
    private let currentMapSize: Atomic<Int>
    private let resizeCount = Atomic<Int>(0)

    /// Opens (creating if needed) the environment in directory `path` and every keyspace the configuration names.
    ///
    /// Stale reader slots left by crashed processes are cleared (`mdb_reader_check`) before first use.
    /// - Throws: ``LMDBError`` when the directory cannot be created or opened, or the file is not an LMDB file.
    public init(path: String, configuration: Configuration) throws(LMDBError) {
        self.path = path
        self.configuration = configuration
        try Self.createDirectory(path)
        var environment: OpaquePointer?
        try LMDBError.check(mdb_env_create(&environment))
        guard let environment else { throw LMDBError.invalid }
        do throws(LMDBError) {
            try LMDBError.check(mdb_env_set_maxdbs(environment, MDB_dbi(max(configuration.keyspaces.count, 1))))
            try LMDBError.check(mdb_env_set_maxreaders(environment, configuration.maximumReaders))
            try LMDBError.check(mdb_env_set_mapsize(environment, configuration.initialMapSize))
            var flags = UInt32(MDB_NOTLS)
            if !configuration.flushesOnCommit {
                flags |= UInt32(MDB_NOSYNC)
            }
            try LMDBError.check(mdb_env_open(environment, path, flags, 0o664))
            var deadReaders: Int32 = 0
            try LMDBError.check(mdb_reader_check(environment, &deadReaders))
            var transaction: OpaquePointer?
            try LMDBError.check(mdb_txn_begin(environment, nil, 0, &transaction))
            var keyspaces: [String: Keyspace] = [:]
            for name in configuration.keyspaces {
                var handle = MDB_dbi()
                let result = mdb_dbi_open(transaction, name, UInt32(MDB_CREATE), &handle)
                if result != MDB_SUCCESS {
                    mdb_txn_abort(transaction)
                    throw LMDBError(returnCode: result)
                }
                keyspaces[name] = Keyspace(name: name, handle: handle)
            }
            try LMDBError.check(mdb_txn_commit(transaction))
            var info = MDB_envinfo()
            mdb_env_info(environment, &info)
            self.keyspacesByName = keyspaces
            self.currentMapSize = Atomic(info.me_mapsize)
            self.handle = EnvironmentHandle(pointer: environment)
        } catch {
            mdb_env_close(environment)
            throw error
        }
    }

    deinit {
        mdb_env_close(self.handle.pointer)
    }

    /// Creates `path` and any missing parents (like `mkdir -p`).
    private static func createDirectory(_ path: String) throws(LMDBError) {
        var partial = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            partial += component + "/"
            if mkdir(partial, 0o775) != 0 && errno != EEXIST {
                throw LMDBError(returnCode: errno)
            }
        }
    }

    /// The keyspace opened under `name`. Asking for a name the configuration did not list is a programming error.
    public func keyspace(_ name: String) -> Keyspace {
        guard let keyspace = self.keyspacesByName[name] else {
            preconditionFailure("keyspace '\(name)' was not listed in the environment configuration")
        }
        return keyspace
    }

    /// The size of the memory map now, in bytes.
    public var mapSize: Int { self.currentMapSize.load(ordering: .relaxed) }

    /// How many times this process has grown or adopted a new map size since open.
    public var mapResizeCount: Int { self.resizeCount.load(ordering: .relaxed) }

    /// `mdb_env_info`: map size, last page, last transaction id, reader slots.
    public func info() -> Info {
        var info = MDB_envinfo()
        mdb_env_info(self.handle.pointer, &info)
        var statistics = MDB_stat()
        mdb_env_stat(self.handle.pointer, &statistics)
        return Info(
            mapSize: info.me_mapsize,
            lastPageNumber: info.me_last_pgno,
            lastTransactionID: info.me_last_txnid,
            maximumReaders: Int(info.me_maxreaders),
            readersInUse: Int(info.me_numreaders),
            pageSize: Int(statistics.ms_psize)
        )
    }

    /// Bytes of the data file on disk (0 if it cannot be read, which an open environment never sees).
    public var dataFileSize: Int {
        var descriptor: Int32 = -1
        guard mdb_env_get_fd(self.handle.pointer, &descriptor) == MDB_SUCCESS else { return 0 }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return 0 }
        return Int(status.st_size)
    }

    /// Flushes buffered commits to disk; useful after relaxed-durability writes (`flushesOnCommit == false`).
    public func flush() throws(LMDBError) {
        try LMDBError.check(mdb_env_sync(self.handle.pointer, 1))
    }

    /// Clears reader slots left by processes that died; returns how many were cleared.
    @discardableResult
    public func clearStaleReaders() throws(LMDBError) -> Int {
        var dead: Int32 = 0
        try LMDBError.check(mdb_reader_check(self.handle.pointer, &dead))
        return Int(dead)
    }

    // MARK: Transactions

    /// Runs `body` inside a read-only transaction that sees one consistent snapshot.
    ///
    /// - Warning: Keep the body short and synchronous; a long-lived reader stops LMDB from reusing freed pages.
    ///   Values handed to the body point into the map and are valid only inside it. Transactions do not nest.
    public func read<R>(_ body: (borrowing ReadTransaction) throws -> R) throws -> R {
        let transaction = try self.beginReadTransaction()
        return try body(transaction)
    }

    /// Begins a read-only transaction owned by the caller; it ends when the value goes out of scope.
    ///
    /// For types that wrap a snapshot (a store reader) and so cannot hold a borrowed transaction. Prefer
    /// ``read(_:)`` elsewhere.
    /// - Warning: End it on the thread that began it, and keep it short. Transactions do not nest.
    public func beginReadTransaction() throws(LMDBError) -> ReadTransaction {
        TransactionNesting.enter()
        self.gate.lockShared()
        do {
            return ReadTransaction(pointer: try self.beginTransaction(flags: UInt32(MDB_RDONLY)), gate: self.gate)
        } catch {
            self.gate.unlockShared()
            TransactionNesting.leave()
            throw error
        }
    }

    /// Runs `body` inside a write transaction and commits it.
    ///
    /// If the body throws, the transaction is aborted and nothing it wrote is kept. If the map fills up, the
    /// transaction is aborted, the map grows and **the body runs again**, so the body must have no effects outside
    /// the transaction.
    /// - Throws: whatever the body throws, or ``LMDBError`` (``LMDBError/mapFull`` once the map has reached its
    ///   maximum size).
    public func write<R>(_ body: (borrowing WriteTransaction) throws -> R) throws -> R {
        TransactionNesting.enter()
        defer { TransactionNesting.leave() }
        while true {
            let outcome: Result<R, any Error>
            let filledMap = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
            filledMap.initialize(to: false)
            defer { filledMap.deallocate() }
            let state = WriteTransaction.State(storage: filledMap)
            do {
                self.gate.lockShared()
                defer { self.gate.unlockShared() }
                let transaction = WriteTransaction(pointer: try self.beginTransaction(flags: 0), state: state)
                do {
                    let result = try body(transaction)
                    try transaction.commit()
                    outcome = .success(result)
                } catch {
                    outcome = .failure(error)
                }
            }
            switch outcome {
            case .success(let result):
                return result
            case .failure(let error):
                if state.filledMap || LMDBError.mapFull ~= error {
                    try self.growMap()
                    continue
                }
                throw error
            }
        }
    }

    /// Begins a transaction, adopting a map size grown by another process when LMDB asks for it.
    /// Called with the gate held shared; releases and re-takes it around an adoption.
    private func beginTransaction(flags: UInt32) throws(LMDBError) -> OpaquePointer {
        while true {
            var transaction: OpaquePointer?
            let result = mdb_txn_begin(self.handle.pointer, nil, flags, &transaction)
            if result == MDB_MAP_RESIZED {
                self.gate.unlockShared()
                self.gate.withExclusiveAccess {
                    mdb_env_set_mapsize(self.handle.pointer, 0)
                    self.refreshMapSize()
                }
                self.gate.lockShared()
                continue
            }
            try LMDBError.check(result)
            guard let transaction else { throw LMDBError.badTransaction }
            return transaction
        }
    }

    /// Doubles the map (bounded by the configured maximum) while no transaction of this process is alive.
    private func growMap() throws(LMDBError) {
        let outcome: Int32 = self.gate.withExclusiveAccess {
            var info = MDB_envinfo()
            mdb_env_info(self.handle.pointer, &info)
            let current = info.me_mapsize
            guard current < self.configuration.maximumMapSize else { return MDB_MAP_FULL }
            let grown = min(self.configuration.maximumMapSize, max(current * 2, current + (1 << 20)))
            let result = mdb_env_set_mapsize(self.handle.pointer, grown)
            if result == MDB_SUCCESS {
                self.refreshMapSize()
            }
            return result
        }
        try LMDBError.check(outcome)
    }

    private func refreshMapSize() {
        var info = MDB_envinfo()
        mdb_env_info(self.handle.pointer, &info)
        self.currentMapSize.store(info.me_mapsize, ordering: .relaxed)
        self.resizeCount.add(1, ordering: .relaxed)
    }
}

/// The raw `MDB_env *`.
// @unchecked Sendable: an MDB_env is safe to share between threads (LMDB's contract); Environment owns its lifetime.
struct EnvironmentHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
