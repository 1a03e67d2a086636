import Foundation
import DocumentStore
import JSON
import LMDB
import StoreTestSupport
import Synchronization
import Testing

@Suite struct IngestAndCatalogTests {
    /// A directory holds one open store at a time: a second opener is refused with the holder's process id (an
    /// import into a directory a server holds would hand out sequence numbers twice), and the lock goes with the
    /// store, so opening again afterwards works.
    @Test func aStoreDirectoryIsOpenedByOneStoreAtATime() throws {
        try withTemporaryDirectory { path in
            do {
                let store = try DocumentStore(path: path)
                try makeContainer(in: store).upsert(#"{"id":"a","pk":"a"}"#)
                let error = #expect(throws: StoreError.self) { try DocumentStore(path: path) }
                #expect(error?.code == .unavailable)
                #expect(error?.message.contains("is open in another process (pid \(getpid()))") == true)
                #expect(error?.message.contains("--endpoint") == true)
                // The refused opener changed nothing: the open store still reads and writes.
                try store.container("c", in: "db").upsert(#"{"id":"b","pk":"a"}"#)
                store.close()
            }
            let reopened = try DocumentStore(path: path)
            #expect(try reopened.container("c", in: "db").count() == 2)
            reopened.close()
        }
    }

    /// `storageStatistics()` shows every keyspace's tree as LMDB sees it: entries follow what was written and removed,
    /// and the used part of the file is the trees' pages plus the pages outside them.
    @Test func storageStatisticsDescribeEveryKeyspaceTree() throws {
        try withTemporaryDirectory { path in
            let store = try DocumentStore(path: path)
            defer { store.close() }
            let container = try makeContainer(in: store)
            let empty = try store.storageStatistics()
            #expect(empty.trees.map(\.keyspace) == ["catalog", "documents", "identities", "changes", "ranges", "spatial", "expiry", "uniques"])
            #expect(empty.trees.first { $0.keyspace == "documents" }?.entries == 0)
            #expect(empty.trees.first { $0.keyspace == "documents" }?.depth == 0)

            let padding = String(repeating: "x", count: 200)
            let lines = (0..<2_000).map { #"{"id":"e\#($0)","pk":"p\#($0 % 7)","epoch":\#($0),"pad":"\#(padding)"}"# }
            _ = try container.ingest(ndjson: Array(lines.joined(separator: "\n").utf8))
            try container.delete(id: "e0", partitionKey: .string("p0"))
            let statistics = try store.storageStatistics()
            let trees = Dictionary(uniqueKeysWithValues: statistics.trees.map { ($0.keyspace, $0) })
            #expect(trees["documents"]?.entries == 1_999)
            #expect(trees["identities"]?.entries == 1_999)
            #expect(trees["changes"]?.entries == 1_999)
            #expect(trees["spatial"]?.entries == 0)
            // 1,999 bodies of over 200 bytes need many leaves, so the tree has at least one branch level above them.
            let documents = try #require(trees["documents"])
            #expect(documents.leafPages >= 1_999 * 200 / statistics.pageSize)
            #expect(documents.depth >= 2 && documents.branchPages >= 1)
            #expect(documents.pages == documents.branchPages + documents.leafPages + documents.overflowPages)
            let treePages = statistics.trees.reduce(0) { $0 + $1.pages }
            #expect(statistics.usedPages == treePages + statistics.pagesOutsideTrees)
            #expect(statistics.pagesOutsideTrees >= 2, "the two meta pages belong to no tree")
            #expect(statistics.fileBytes >= statistics.usedPages * statistics.pageSize)
            #expect(statistics.lastTransactionID > empty.lastTransactionID)
        }
    }

    /// A store written by another on-disk format is refused with a message saying what to do, never read as damaged.
    @Test func storeOfAnotherFormatIsRefusedClearly() throws {
        try withTemporaryDirectory { path in
            do {
                let store = try DocumentStore(path: path)
                try makeContainer(in: store).upsert(#"{"id":"a","pk":"a"}"#)
                store.close()
            }
            // Reopening the store this build wrote works and keeps the data.
            do {
                let store = try DocumentStore(path: path)
                #expect(try store.container("c", in: "db").read(id: "a", partitionKey: .string("a")) != nil)
                store.close()
            }
            // Restamp the catalog as format 1, as an older build's store with data would look.
            do {
                let environment = try Environment(path: path, configuration: .init(keyspaces: ["catalog"], initialMapSize: 1 << 24))
                try environment.write { transaction in
                    _ = try transaction.delete(forKey: Array("v".utf8), in: environment.keyspace("catalog"))
                }
            }
            let error = #expect(throws: StoreError.self) { try DocumentStore(path: path) }
            #expect(error?.message.contains("on-disk format 1") == true)
            #expect(error?.message.contains("cosmolite export") == true)
        }
    }

    /// A format 2 store indexed only points; opening it with this build adds the entries of other geometries once
    /// and restamps it, so a spatial query then finds a polygon it would have missed.
    @Test func formatTwoStoreGetsItsGeometriesIndexedOnOpen() throws {
        try withTemporaryDirectory { path in
            let polygon = #"{"type":"Polygon","coordinates":[[[-80,35],[-79.9,35],[-79.9,35.1],[-80,35.1],[-80,35]]]}"#
            do {
                let store = try DocumentStore(path: path)
                var definition = ContainerDefinition(id: "c", partitionKeyPath: "/pk")
                definition.indexingPolicy = .only(rangePaths: [], spatialPaths: ["/loc/*"])
                let container = try makeContainer(in: store, definition)
                try container.upsert(#"{"id":"point","pk":"a","loc":{"type":"Point","coordinates":[-79.95,35.05]}}"#)
                try container.upsert(#"{"id":"zone","pk":"a","loc":\#(polygon)}"#)
                try container.upsert(#"{"id":"junk","pk":"a","loc":{"kind":"not geometry"}}"#)
                try container.upsert(#"{"id":"none","pk":"a","loc":7}"#)
                let contents = try store.read { try $0.indexContents(of: container.properties) }
                // The point has its cell; the polygon and the object that is not a point are unplaced; 7 is no object.
                #expect(contents.spatial.filter { $0.point != nil }.count == 1)
                #expect(contents.spatial.filter { $0.point == nil }.count == 2)
                store.close()
            }
            // Make it look as a format 2 build left it: no unplaced entries, stamp 2.
            do {
                let environment = try Environment(path: path, configuration: .init(keyspaces: ["catalog", "spatial"], initialMapSize: 1 << 24))
                try environment.write { transaction in
                    let spatial = environment.keyspace("spatial")
                    var unplaced: [[UInt8]] = []
                    try transaction.withCursor(in: spatial) { cursor in
                        var entry = try cursor.seek(atOrAfter: [0])
                        while let current = entry {
                            if current.key.count >= 12, current.key[current.key.count - 16..<current.key.count - 12].allSatisfy({ $0 == 0xFF }) {
                                unplaced.append(Array(current.key))
                            }
                            entry = try cursor.next()
                        }
                    }
                    #expect(unplaced.count == 2)
                    for key in unplaced { _ = try transaction.delete(forKey: key, in: spatial) }
                    try transaction.put(withUnsafeBytes(of: UInt32(2).littleEndian, Array.init), forKey: Array("v".utf8), in: environment.keyspace("catalog"))
                }
            }
            let store = try DocumentStore(path: path)
            let container = try store.container("c", in: "db")
            let contents = try store.read { try $0.indexContents(of: container.properties) }
            #expect(contents.spatial.filter { $0.point == nil }.count == 2)
            store.close()
            let environment = try Environment(path: path, configuration: .init(keyspaces: ["catalog"], initialMapSize: 1 << 24))
            let stamp = try environment.read { transaction in
                try transaction.withValue(forKey: Array("v".utf8), in: environment.keyspace("catalog")) { Array($0) }
            }
            #expect(stamp == withUnsafeBytes(of: UInt32(3).littleEndian, Array.init))
        }
    }

    /// The store's threads carry their own names where the OS shows them (`top -H`, `perf`), not the name of the
    /// thread that opened the store.
    @Test func storeThreadsAreNamedForTheOperatingSystem() async throws {
        try await withTemporaryStore { store in
            let container = try makeContainer(in: store)
            try container.upsert(#"{"id":"a","pk":"a"}"#)
            _ = try await store.read { snapshot in snapshot.nowMillis }
            let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")
            let names = Set(tasks.compactMap { try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8) }
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
            for expected in ["cosmo-writer", "cosmo-completer", "cosmo-sweeper", "cosmo-reader-0"] {
                #expect(names.contains(expected), "\(expected) not among \(names.sorted())")
            }
        }
    }

    @Test func ingestReportsEveryOutcome() throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            try container.create(#"{"id":"old","pk":"a","v":1}"#)
            let ndjson = """
                {"id":"n1","pk":"a"}
                {"id":"n1","pk":"a"}

                {"id":"old","pk":"a","v":1}
                {"id":"old","pk":"a","v":2}
                {"id":"bad","pk":"a",
                {"pk":"noid"}
                {"id":"n2","pk":"b"}\r
                """
            let report = try container.ingest(ndjson: Array(ndjson.utf8))
            #expect(report.items.map(\.position) == [1, 2, 4, 5, 6, 7, 8])
            #expect(report.items.map(\.outcome).prefix(4) == [.created, .duplicate, .duplicate, .replaced])
            #expect(report.created == 2 && report.duplicates == 2 && report.replaced == 1 && report.rejected == 2)
            if case .rejected(let reason) = report.items[4].outcome {
                #expect(reason.contains("not valid JSON"))
            } else {
                Issue.record("line 6 should be rejected")
            }
            #expect(try container.count() == 3)
        }
    }

    @Test func ingestOfAJSONArrayKeepsElementBytes() throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            let report = try container.ingest(jsonArray: Array(#"[{"id":"1","pk":"a","x":1.50},{"id":"2","pk":"a"}, 7]"#.utf8))
            #expect(report.created == 2 && report.rejected == 1)
            #expect(try container.read(id: "1", partitionKey: .string("a"))?.body == Array(#"{"id":"1","pk":"a","x":1.50}"#.utf8))
            #expect(throws: StoreError.self) { try container.ingest(jsonArray: Array("{}".utf8)) }
        }
    }

    @Test func largeIngestsArePreparedInParallelAndCommittedOnce() throws {
        let commits = CommitCounter()
        let configuration = StoreConfiguration(durability: .relaxed, initialMapSize: 64 << 20, onCommit: commits.record)
        try withTemporaryStore(configuration: configuration) { store in
            let container = try makeContainer(in: store)
            let before = commits.count
            let report = try container.ingest((0..<5000).map { Array(#"{"id":"\#($0)","pk":"\#($0 % 50)"}"#.utf8) })
            #expect(report.created == 5000)
            #expect(commits.count == before + 1)
            #expect(report.items.map(\.position) == Array(0..<5000))
        }
    }

    @Test func databasesAndContainersHaveALifecycle() throws {
        try withTemporaryStore { store in
            try store.createDatabase("one")
            #expect(throws: StoreError.self) { try store.createDatabase("one") }
            try store.createContainer(ContainerDefinition(id: "c1", partitionKeyPath: "/pk"), in: "one")
            try store.createContainer(ContainerDefinition(id: "c2", partitionKeyPath: "/pk"), in: "one")
            #expect(try store.containers(in: "one").map(\.id) == ["c1", "c2"])
            let dup = #expect(throws: StoreError.self) {
                try store.createContainer(ContainerDefinition(id: "c1", partitionKeyPath: "/x"), in: "one")
            }
            #expect(dup?.code == .conflict)
            let missing = #expect(throws: StoreError.self) {
                try store.createContainer(ContainerDefinition(id: "c", partitionKeyPath: "/x"), in: "none")
            }
            #expect(missing?.code == .notFound)
            let handle = try store.container("c1", in: "one")
            try handle.create(#"{"id":"1","pk":"a"}"#)
            try store.deleteContainer("c1", in: "one")
            let gone = #expect(throws: StoreError.self) { try handle.create(#"{"id":"2","pk":"a"}"#) }
            #expect(gone?.code == .notFound)
            // A new container with the same id starts empty: the old handle does not reach it.
            let again = try store.createContainer(ContainerDefinition(id: "c1", partitionKeyPath: "/pk"), in: "one")
            #expect(try again.read(id: "1", partitionKey: .string("a")) == nil)
            #expect(try again.count() == 0)
            try store.deleteDatabase("one")
            #expect(try store.databases().isEmpty)
            #expect(throws: StoreError.self) { try store.container("c2", in: "one") }
        }
    }

    @Test func throughputOfDatabasesAndContainersIsKept() async throws {
        try await withTemporaryDirectory { path in
            let configuration = StoreConfiguration(durability: .relaxed, sweepsExpiredDocuments: false)
            do {
                let store = try DocumentStore(path: path, configuration: configuration)
                defer { store.close() }
                try await store.createDatabase("shared", throughput: .manual(1000))
                try await store.createDatabase("plain")
                let replaced = try await store.replaceThroughput(ofDatabase: "shared", with: .autoscale(maximum: 4000))
                #expect(replaced.throughput == .autoscale(maximum: 4000))
                let none = await #expect(throws: StoreError.self) { try await store.replaceThroughput(ofDatabase: "plain", with: .manual(400)) }
                #expect(none?.code == .notFound)
                let missing = await #expect(throws: StoreError.self) { try await store.replaceThroughput(ofDatabase: "nowhere", with: .manual(400)) }
                #expect(missing?.message.contains("does not exist") == true)
                let invalid = await #expect(throws: StoreError.self) { try await store.replaceThroughput(ofDatabase: "shared", with: .manual(-1)) }
                #expect(invalid?.code == .badRequest)
                var definition = ContainerDefinition(id: "own", partitionKeyPath: "/pk")
                definition.throughput = .manual(500)
                try await store.createContainer(definition, in: "shared")
            }
            let reopened = try DocumentStore(path: path, configuration: configuration)
            defer { reopened.close() }
            #expect(try reopened.database("shared")?.throughput == .autoscale(maximum: 4000))
            #expect(try reopened.database("plain")?.throughput == nil)
            #expect(try reopened.container("own", in: "shared").properties.definition.throughput == .manual(500))
        }
    }

    @Test func aContainerHasItsOwnThroughputUnlessItSharesItsDatabases() {
        let dedicated = DatabaseProperties(id: "d", number: 1, timestamp: 0, etag: "e")
        let shared = DatabaseProperties(id: "s", number: 2, timestamp: 0, etag: "e", throughput: .manual(1000))
        var definition = ContainerDefinition(id: "c", partitionKeyPath: "/pk")
        #expect(definition.ownThroughput(in: dedicated) == .manual(400))
        #expect(definition.ownThroughput(in: shared) == nil)
        definition.partitionKeyRangeCount = 3
        #expect(definition.ownThroughput(in: dedicated) == .manual(18000), "stored before throughput was kept: what its ranges imply")
        definition.throughput = .autoscale(maximum: 4000)
        #expect(definition.ownThroughput(in: shared) == .autoscale(maximum: 4000))
        #expect(definition.throughput?.description == "autoscale up to 4000 RU/s")
    }

    @Test func deletedContainerDataIsPurged() throws {
        let configuration = StoreConfiguration(durability: .relaxed, initialMapSize: 64 << 20, sweepsExpiredDocuments: false)
        try withTemporaryStore(configuration: configuration) { store in
            let container = try makeContainer(in: store)
            _ = try container.ingest((0..<300).map { Array(#"{"id":"\#($0)","pk":"\#($0 % 5)","n":\#($0)}"#.utf8) })
            try store.deleteContainer("c", in: "db")
            var purged = 0
            while true {
                let report = try store.sweep(limit: 100)
                purged += report.purgedKeys
                if report.purgedKeys == 0 { break }
            }
            // documents + identities + changes + one range entry per top-level scalar (id, pk, n, _ts).
            #expect(purged == 300 * 7)
            #expect(try store.read { try $0.indexContents(of: container.properties) } == IndexContents())
        }
    }

    @Test(arguments: [
        #"{"id":"x"}"#,
        #"{"id":"x","partitionKey":{"paths":[]}}"#,
        #"{"id":"x","partitionKey":{"paths":["/a","/b"],"kind":"Hash"}}"#,
        #"{"id":"x","partitionKey":{"paths":["/a","/b","/c","/d"],"kind":"MultiHash"}}"#,
        #"{"id":"x","partitionKey":{"paths":["a"]}}"#,
        #"{"id":"x","partitionKey":{"paths":["/a"]},"defaultTtl":0}"#,
        #"{"id":"x","partitionKey":{"paths":["/a"]},"indexingPolicy":{"includedPaths":[{"nope":1}]}}"#,
        #"{"id":"a/b","partitionKey":{"paths":["/a"]}}"#,
        #"{"id":"..","partitionKey":{"paths":["/a"]}}"#,
        #"{"id":"x","partitionKey":{"paths":["/a"]},"cosmolite":{"partitionKeyRangeCount":0}}"#,
        #"{"id":"x","partitionKey":{"paths":["/a"]},"cosmolite":{"throughput":{"manual":0}}}"#,
        #"{"id":"x","partitionKey":{"paths":["/a"]},"cosmolite":{"throughput":{"perSecond":400}}}"#,
        #"{"id":"x","partitionKey":{"paths":["/a"]},"geospatialConfig":{"type":"Geometry"}}"#,
        #"{"id":"x","partitionKey":{"paths":["/a"]},"geospatialConfig":{"type":"Planar"}}"#,
        #"{"id":"x","partitionKey":{"paths":["/a"]},"geospatialConfig":"Geography"}"#,
    ])
    func invalidContainerDefinitionsAreRejected(_ json: String) throws {
        let error = #expect(throws: StoreError.self) { try ContainerDefinition(json: try JSONReader.parse(json)) }
        #expect(error?.code == .badRequest)
    }

    @Test func containerDefinitionsRoundTripThroughJSON() throws {
        let json = #"{"id":"c","partitionKey":{"paths":["/a","/b"],"kind":"MultiHash","version":2},"defaultTtl":-1,"geospatialConfig":{"type":"Geography"},"conflictResolutionPolicy":{"mode":"LastWriterWins"},"uniqueKeyPolicy":{"uniqueKeys":[{"paths":["/u"]}]},"indexingPolicy":{"includedPaths":[{"path":"/epoch/?"}],"excludedPaths":[{"path":"/*"}],"spatialIndexes":[{"path":"/location/*","types":["Point"]}]},"cosmolite":{"throughput":{"autoscaleMaximum":4000}}}"#
        let definition = try ContainerDefinition(json: try JSONReader.parse(json))
        #expect(definition.throughput == .autoscale(maximum: 4000))
        #expect(definition.partitionKey.kind == .multiHash)
        #expect(definition.defaultTimeToLive == -1)
        #expect(definition.uniqueKeys == [["/u"]])
        #expect(definition.indexingPolicy.spatialPaths == ["/location/*"])
        #expect(definition.additionalProperties["conflictResolutionPolicy"] != nil)
        #expect(try ContainerDefinition(json: definition.jsonValue) == definition)
    }

    @Test func replacingTheIndexingPolicyRebuildsIndexes() throws {
        try withTemporaryStore { store in
            var definition = ContainerDefinition(id: "c", partitionKeyPath: "/pk")
            definition.indexingPolicy = .only(rangePaths: ["/a"])
            let container = try makeContainer(in: store, definition)
            _ = try container.ingest((0..<50).map { Array(#"{"id":"\#($0)","pk":"p","a":\#($0),"b":\#($0 * 2)}"#.utf8) })
            definition.indexingPolicy = .only(rangePaths: ["/b"])
            try store.replaceContainer(definition, in: "db")
            let contents = try store.read { try $0.indexContents(of: container.properties) }
            #expect(Set(contents.range.map(\.path)) == [["b"]])
            #expect(contents.range.count == 50)
            definition.partitionKey = PartitionKeyDefinition(path: "/other")
            #expect(throws: StoreError.self) { try store.replaceContainer(definition, in: "db") }
        }
    }
}

/// Counts commits reported by the store.
final class CommitCounter: Sendable {
    private let commits = Mutex(0)
    var count: Int { self.commits.withLock { $0 } }
    var record: @Sendable (CommitReport) -> Void {
        { [self] _ in self.commits.withLock { $0 += 1 } }
    }
}
