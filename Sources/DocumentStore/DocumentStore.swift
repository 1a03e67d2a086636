import Dispatch
import JSON
import LMDB

/// An embedded, partitioned document store on LMDB: Cosmos-style databases and containers, idempotent upserts,
/// TTL, secondary indexes and a change feed.
///
/// ```swift
/// let store = try DocumentStore(path: "/var/lib/cosmolite")
/// try store.createDatabase("telemetry")
/// let events = try store.createContainer(ContainerDefinition(id: "events", partitionKeyPath: "/deviceId"), in: "telemetry")
/// try events.upsert(#"{"id": "e1", "deviceId": "d1", "value": 42}"#)
/// let event = try events.read(id: "e1", partitionKey: .string("d1"))
/// ```
///
/// Open one store per directory per process. Writes from all callers go to one writer thread that commits them in
/// groups (see ``StoreConfiguration/durability``); each caller returns once its own write is committed. Reads run
/// on the caller's thread (synchronous API) or on the store's reader threads (async API), each in one consistent
/// snapshot, and never wait for writers.
public final class DocumentStore: Sendable {
    public let path: String
    public let configuration: StoreConfiguration
    let environment: Environment
    let keyspaces: StoreKeyspaces
    let catalog: Catalog
    let writer: GroupCommitWriter
    let readers = ReaderPool()
    /// Held from open to close: no other store, in this process or another, opens the directory meanwhile.
    private let directoryLock: DirectoryLock
    private let sweeper: ExpirySweeper?
    var sweeperIfRunning: ExpirySweeper? { self.sweeper }

    /// Opens the store in directory `path`, creating it when it does not exist.
    /// - Throws: ``StoreError`` when the directory cannot be used, holds something that is not a Cosmolite store, or is
    ///   open in another store (`unavailable`, naming the process that holds it).
    public init(path: String, configuration: StoreConfiguration = StoreConfiguration()) throws {
        self.path = path
        self.configuration = configuration
        self.directoryLock = try DirectoryLock(directory: path)
        do {
            self.environment = try Environment(
                path: path,
                configuration: Environment.Configuration(
                    keyspaces: StoreKeyspaces.names,
                    initialMapSize: configuration.initialMapSize,
                    maximumMapSize: configuration.maximumMapSize,
                    flushesOnCommit: configuration.durability == .durable
                )
            )
        } catch {
            throw StoreError(.internalError, "cannot open the store at \(path): \(error.message)", underlying: error)
        }
        self.keyspaces = StoreKeyspaces(self.environment)
        self.catalog = Catalog(keyspace: self.keyspaces.catalog)
        do {
            try StoreFormat.verify(self.environment, keyspaces: self.keyspaces, catalog: self.catalog, nowMillis: configuration.clock(), path: path)
        } catch {
            throw GroupCommitWriter.storeError(error)
        }
        let sweeper = configuration.sweepsExpiredDocuments ? ExpirySweeper() : nil
        self.sweeper = sweeper
        self.writer = GroupCommitWriter(
            environment: self.environment,
            keyspaces: self.keyspaces,
            catalog: self.catalog,
            clock: configuration.clock,
            maximumGroupSize: configuration.maximumGroupSize,
            onCommit: { report in
                if report.statistics.schedulesExpiry { sweeper?.wake() }
                configuration.onCommit?(report)
            }
        )
        sweeper?.start(store: self)
    }

    deinit {
        self.sweeper?.stop()
        self.writer.stop()
        self.readers.stop()
    }

    /// Finishes queued writes and stops background work. Later writes fail with `unavailable`; reads keep working
    /// until the store is released.
    public func close() {
        self.sweeper?.stop()
        self.writer.stop()
    }

    /// Whether the store takes writes: `false` once ``close()`` has been called (readiness checks report it).
    public var isOpen: Bool { self.writer.isAcceptingWrites }

    /// The current size of the memory map, and how often it has grown since open.
    public var mapSize: Int { self.environment.mapSize }
    public var mapResizeCount: Int { self.environment.mapResizeCount }

    /// The B-trees of every keyspace (from one snapshot) and the data file's totals (read just after it; a commit in
    /// between can make them differ slightly on a store taking writes). Shown by `cosmolite stat --storage`.
    public func storageStatistics() throws -> StorageStatistics {
        let trees = try self.environment.read { transaction in
            try StoreKeyspaces.names.map { name in
                let statistics = try transaction.statistics(of: self.environment.keyspace(name))
                return StorageStatistics.Tree(
                    keyspace: name,
                    entries: statistics.entries,
                    depth: statistics.depth,
                    branchPages: statistics.branchPages,
                    leafPages: statistics.leafPages,
                    overflowPages: statistics.overflowPages
                )
            }
        }
        let info = self.environment.info()
        return StorageStatistics(
            trees: trees,
            pageSize: info.pageSize,
            usedPages: info.lastPageNumber + 1,
            fileBytes: self.environment.dataFileSize,
            lastTransactionID: info.lastTransactionID
        )
    }

    // MARK: Reading

    /// Runs `body` on a consistent snapshot of the whole store, on the calling thread.
    ///
    /// - Warning: Keep the body short; values it sees point into the map and are valid only inside it.
    public func read<R>(_ body: (borrowing StoreSnapshot) throws -> R) throws -> R {
        let snapshot = try self.makeSnapshot()
        return try body(snapshot)
    }

    /// Runs `body` on a consistent snapshot, on one of the store's reader threads (never on the cooperative pool).
    public func read<R: Sendable>(_ body: @escaping @Sendable (borrowing StoreSnapshot) throws -> R) async throws -> R {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = self.readers.submit {
                continuation.resume(with: Result { try self.read(body) })
            }
            if !accepted {
                continuation.resume(throwing: StoreError(.unavailable, "the store is closed"))
            }
        }
    }

    private func makeSnapshot() throws -> StoreSnapshot {
        let transaction: ReadTransaction
        do {
            transaction = try self.environment.beginReadTransaction()
        } catch {
            throw GroupCommitWriter.storeError(error)
        }
        let catalog = try self.catalog.snapshot(in: transaction)
        return StoreSnapshot(
            transaction: transaction,
            keyspaces: self.keyspaces,
            catalog: catalog,
            stateReader: self.catalog,
            nowMillis: self.configuration.clock()
        )
    }

    // MARK: Writing

    /// Queues `body` for the writer and waits for the commit that carries it.
    func perform<R: Sendable>(
        isolated: Bool = true,
        _ body: @escaping @Sendable (borrowing WriteTransaction, inout WriteSession) throws -> R
    ) throws -> R {
        let done = DispatchSemaphore(value: 0)
        let outcome = OutcomeBox()
        self.writer.enqueue(WriteRequest(isolated: isolated, body: { try body($0, &$1) }) { result in
            outcome.result = result
            done.signal()
        })
        done.wait()
        return try outcome.result!.get() as! R
    }

    /// Queues `body` for the writer; resumes after the commit that carries it.
    func perform<R: Sendable>(
        isolated: Bool = true,
        _ body: @escaping @Sendable (borrowing WriteTransaction, inout WriteSession) throws -> R
    ) async throws -> R {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<R, any Error>) in
            self.writer.enqueue(WriteRequest(isolated: isolated, body: { try body($0, &$1) }) { result in
                continuation.resume(with: result.map { $0 as! R })
            })
        }
    }

    /// Carries a writer's result to a waiting thread.
    // @unchecked Sendable: written by the writer thread before the semaphore is signalled, read after the wait.
    private final class OutcomeBox: @unchecked Sendable {
        var result: Result<any Sendable, any Error>?
    }
}

extension WriteStatistics {
    /// Whether the commit added expiry entries the sweeper should schedule.
    var schedulesExpiry: Bool {
        self.expiryEntriesWritten > 0
    }
}
