import Dispatch
import DocumentStore
import JSON
import StoreTestSupport
import Synchronization
import Testing

@Suite struct ConcurrencyTests {
    @Test func concurrentWritersShareCommits() async throws {
        let commits = CommitCounter()
        let configuration = StoreConfiguration(durability: .durable, initialMapSize: 64 << 20, onCommit: commits.record)
        try await withTemporaryStore(configuration: configuration) { store in
            let container = try makeContainer(in: store)
            let before = commits.count
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<32 {
                    group.addTask {
                        for number in 0..<25 {
                            try await container.write(Array(#"{"id":"\#(client)-\#(number)","pk":"\#(client)"}"#.utf8), mode: .create)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try container.count() == 800)
            // 800 durable writes from 32 concurrent clients must not need 800 commits.
            #expect(commits.count - before < 400, "commits: \(commits.count - before)")
        }
    }

    @Test func oneFailingWriteInAGroupDoesNotAffectTheOthers() async throws {
        try await withTemporaryStore { store in
            let container = try makeContainer(in: store)
            try container.create(#"{"id":"taken","pk":"p"}"#)
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for number in 0..<64 {
                    group.addTask {
                        let id = number % 8 == 0 ? "taken" : "id\(number)"
                        do {
                            try await container.write(Array(#"{"id":"\#(id)","pk":"p"}"#.utf8), mode: .create)
                            return true
                        } catch let error as StoreError where error.code == .conflict {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 56)
            #expect(try container.count() == 57)
        }
    }

    @Test func readersNeverBlockAndSeeConsistentSnapshots() throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            let inconsistencies = Mutex(0)
            let reads = Mutex(0)
            DispatchQueue.concurrentPerform(iterations: 4) { worker in
                if worker == 0 {
                    for batch in 0..<50 {
                        _ = try? container.ingest((0..<20).map { Array(#"{"id":"\#(batch)-\#($0)","pk":"\#($0 % 3)"}"#.utf8) })
                    }
                    return
                }
                for _ in 0..<100 {
                    let consistent = try? store.read { snapshot -> Bool in
                        let counted = try snapshot.documentCount(in: container.properties)
                        var scanned: Int64 = 0
                        try snapshot.scanDocuments(in: container.properties) { _ in scanned += 1; return true }
                        return counted == scanned && scanned % 20 == 0
                    }
                    reads.withLock { $0 += 1 }
                    if consistent != true { inconsistencies.withLock { $0 += 1 } }
                }
            }
            #expect(reads.withLock { $0 } == 300)
            #expect(inconsistencies.withLock { $0 } == 0)
            #expect(try container.count() == 1000)
        }
    }

    @Test func theMapGrowsFromATinyStart() throws {
        let configuration = StoreConfiguration(durability: .relaxed, initialMapSize: 256 * 1024, maximumMapSize: 1 << 30)
        try withTemporaryStore(configuration: configuration) { store in
            let container = try makeContainer(in: store)
            let padding = String(repeating: "x", count: 900)
            for batch in 0..<20 {
                let report = try container.ingest((0..<500).map { Array(#"{"id":"\#(batch)-\#($0)","pk":"\#($0 % 7)","p":"\#(padding)"}"#.utf8) })
                #expect(report.created == 500)
            }
            #expect(try container.count() == 10_000)
            #expect(store.mapSize >= 10 << 20)
            #expect(store.mapResizeCount >= 5)
        }
    }

    @Test func aFullStoreSaysSoAndStaysUsable() throws {
        let configuration = StoreConfiguration(durability: .relaxed, initialMapSize: 256 * 1024, maximumMapSize: 1 << 20)
        try withTemporaryStore(configuration: configuration) { store in
            let container = try makeContainer(in: store)
            let padding = String(repeating: "x", count: 900)
            let error = #expect(throws: StoreError.self) {
                try container.ingest((0..<5000).map { Array(#"{"id":"\#($0)","pk":"p","p":"\#(padding)"}"#.utf8) })
            }
            #expect(error?.code == .storageFull)
            #expect(try container.count() == 0)
            try container.create(#"{"id":"small","pk":"p"}"#)
            #expect(try container.count() == 1)
        }
    }
}
