import Dispatch
import LMDB
import Synchronization
import StoreTestSupport
import Testing

@Suite struct EnvironmentTests {
    static func open(_ path: String, initialMapSize: Int = 1 << 24, maximumMapSize: Int = 1 << 30) throws -> Environment {
        try Environment(
            path: path,
            configuration: .init(keyspaces: ["a", "b"], initialMapSize: initialMapSize, maximumMapSize: maximumMapSize)
        )
    }

    @Test func storesAndReadsBackInKeyOrder() throws {
        try withTemporaryDirectory { path in
            let environment = try Self.open(path)
            let keyspace = environment.keyspace("a")
            try environment.write { transaction in
                for number in [3, 1, 2] as [UInt8] {
                    try transaction.put([number, number], forKey: [number], in: keyspace)
                }
            }
            let keys = try environment.read { transaction in
                try transaction.withCursor(in: keyspace) { cursor in
                    var keys: [UInt8] = []
                    var entry = try cursor.first()
                    while let current = entry {
                        keys.append(current.key[0])
                        entry = try cursor.next()
                    }
                    return keys
                }
            }
            #expect(keys == [1, 2, 3])
            #expect(try environment.read { try $0.value(forKey: [2], in: keyspace) } == [2, 2])
            #expect(try environment.read { try $0.value(forKey: [9], in: keyspace) } == nil)
            #expect(try environment.read { try $0.statistics(of: keyspace).entries } == 3)
        }
    }

    /// The data file's size on disk covers every page up to the last one in use, and grows with what is written.
    @Test func dataFileSizeCoversTheUsedPages() throws {
        try withTemporaryDirectory { path in
            let environment = try Self.open(path)
            let before = environment.dataFileSize
            let value = [UInt8](repeating: 7, count: 1_000)
            try environment.write { transaction in
                for number in 0..<1_000 {
                    try transaction.put(value, forKey: withUnsafeBytes(of: UInt32(number).bigEndian, Array.init), in: environment.keyspace("a"))
                }
            }
            let info = environment.info()
            #expect(environment.dataFileSize >= (info.lastPageNumber + 1) * info.pageSize)
            #expect(environment.dataFileSize >= before + 1_000 * 1_000)
        }
    }

    @Test func keyspacesAreSeparate() throws {
        try withTemporaryDirectory { path in
            let environment = try Self.open(path)
            try environment.write { try $0.put([1], forKey: [1], in: environment.keyspace("a")) }
            #expect(try environment.read { try $0.value(forKey: [1], in: environment.keyspace("b")) } == nil)
        }
    }

    @Test func aThrowingBodyLeavesNothingBehind() throws {
        struct Failure: Error {}
        try withTemporaryDirectory { path in
            let environment = try Self.open(path)
            let keyspace = environment.keyspace("a")
            #expect(throws: Failure.self) {
                try environment.write { transaction in
                    try transaction.put([1], forKey: [1], in: keyspace)
                    throw Failure()
                }
            }
            #expect(try environment.read { try $0.value(forKey: [1], in: keyspace) } == nil)
        }
    }

    @Test func nestedTransactionsCommitOrRollBackAlone() throws {
        struct Failure: Error {}
        try withTemporaryDirectory { path in
            let environment = try Self.open(path)
            let keyspace = environment.keyspace("a")
            try environment.write { transaction in
                try transaction.withNestedTransaction { try $0.put([1], forKey: [1], in: keyspace) }
                _ = try? transaction.withNestedTransaction { child -> Void in
                    try child.put([2], forKey: [2], in: keyspace)
                    throw Failure()
                }
            }
            #expect(try environment.read { try $0.value(forKey: [1], in: keyspace) } == [1])
            #expect(try environment.read { try $0.value(forKey: [2], in: keyspace) } == nil)
        }
    }

    @Test func theMapGrowsWhenItFillsAndTheBodyRunsAgain() throws {
        try withTemporaryDirectory { path in
            let environment = try Self.open(path, initialMapSize: 64 * 1024, maximumMapSize: 256 << 20)
            let keyspace = environment.keyspace("a")
            let value = [UInt8](repeating: 7, count: 1000)
            var runs = 0
            try environment.write { transaction in
                runs += 1
                for number in 0..<20_000 {
                    try transaction.put(value, forKey: withUnsafeBytes(of: UInt32(number).bigEndian, Array.init), in: keyspace)
                }
            }
            #expect(runs > 1)
            #expect(environment.mapSize > 20_000 * 1000)
            #expect(environment.mapResizeCount > 0)
            #expect(try environment.read { try $0.statistics(of: keyspace).entries } == 20_000)
        }
    }

    @Test func aFullMapAtItsMaximumIsAnError() throws {
        try withTemporaryDirectory { path in
            let environment = try Self.open(path, initialMapSize: 64 * 1024, maximumMapSize: 256 * 1024)
            let keyspace = environment.keyspace("a")
            let value = [UInt8](repeating: 7, count: 1000)
            #expect(throws: LMDBError.mapFull) {
                try environment.write { transaction in
                    for number in 0..<10_000 {
                        try transaction.put(value, forKey: withUnsafeBytes(of: UInt32(number).bigEndian, Array.init), in: keyspace)
                    }
                }
            }
            // The environment stays usable after the failure.
            try environment.write { try $0.put([1], forKey: [1], in: keyspace) }
            #expect(try environment.read { try $0.value(forKey: [1], in: keyspace) } == [1])
        }
    }

    @Test func errorsCarryLMDBsOwnMessages() {
        #expect(LMDBError.mapFull.message.contains("MDB_MAP_FULL"))
        #expect(LMDBError.noSuchFile.description.contains("No such file"))
        #expect(LMDBError.mapFull ~= (LMDBError.mapFull as any Error))
    }

    @Test func openingAFileThatIsNotLMDBFails() throws {
        try withTemporaryDirectory { path in
            try FileManagerShim.createDirectory(path)
            try FileManagerShim.write(Array(repeating: 0x42, count: 65536), to: path + "/data.mdb")
            #expect(throws: LMDBError.self) { try Self.open(path) }
        }
    }

    @Test func seeksLandOnTheRightNeighbours() throws {
        try withTemporaryDirectory { path in
            let environment = try Self.open(path)
            let keyspace = environment.keyspace("a")
            try environment.write { transaction in
                for key in [10, 20, 30] as [UInt8] { try transaction.put([key], forKey: [key], in: keyspace) }
            }
            let landings: [UInt8?] = try environment.read { transaction in
                try transaction.withCursor(in: keyspace) { cursor in
                    [
                        try cursor.seek(atOrAfter: [15])?.key.first,
                        try cursor.seek(atOrAfter: [31])?.key.first,
                        try cursor.seek(atOrBefore: [25])?.key.first,
                        try cursor.seek(atOrBefore: [30])?.key.first,
                        try cursor.seek(atOrBefore: [5])?.key.first,
                        try cursor.seek(atOrBefore: [99])?.key.first,
                    ]
                }
            }
            #expect(landings == [20, nil, 20, 30, nil, 30])
        }
    }

    @Test func readersSeeASnapshotWhileAWriterCommits() throws {
        try withTemporaryDirectory { path in
            let environment = try Self.open(path)
            let keyspace = environment.keyspace("a")
            try environment.write { try $0.put([0], forKey: [0], in: keyspace) }
            let mismatches = Mutex(0)
            // Transactions run on OS threads, never across suspension points: one writer thread and four readers.
            DispatchQueue.concurrentPerform(iterations: 5) { worker in
                if worker == 0 {
                    for number in 1...200 as ClosedRange<UInt8> {
                        try? environment.write { try $0.put([number], forKey: [number], in: keyspace) }
                    }
                    return
                }
                for _ in 0..<200 {
                    let consistent = try? environment.read { transaction in
                        let before = try transaction.statistics(of: keyspace).entries
                        let counted = try transaction.withCursor(in: keyspace) { cursor in
                            var count = 0
                            var entry = try cursor.first()
                            while entry != nil {
                                count += 1
                                entry = try cursor.next()
                            }
                            return count
                        }
                        return before == counted
                    }
                    if consistent != true { mismatches.withLock { $0 += 1 } }
                }
            }
            #expect(mismatches.withLock { $0 } == 0)
            #expect(try environment.read { try $0.statistics(of: keyspace).entries } == 201)
        }
    }

    @Test func nestingTransactionsOnOneThreadIsAProgrammingError() async throws {
        // The directory belongs to this process: the child that crashes cannot remove it.
        try await withTemporaryDirectory { path in
            await #expect(processExitsWith: .failure) { [path = path as String] in
                try EnvironmentTests.nestTwoReads(at: path)
            }
        }
    }

    static func nestTwoReads(at path: String) throws {
        let environment = try Environment(path: path, configuration: .init(keyspaces: ["a"], initialMapSize: 1 << 20))
        try environment.read { _ in
            try environment.read { _ in }
        }
    }
}
