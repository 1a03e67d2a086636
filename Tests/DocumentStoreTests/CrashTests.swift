import DocumentStore
import Foundation
import JSON
import StoreTestSupport
import Testing

/// Kills a writing child process with SIGKILL at random moments, 20 times, and checks after each kill that every
/// acknowledged batch is present, that no batch is present in part, and that counters and indexes match the
/// documents. The child starts from a 1 MiB map, so kills also land during map growth.
@Suite(.serialized) struct CrashTests {
    static var workerPath: String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // The test binary sits in .build/<config>/ (or inside an .xctest bundle there); the worker next to it.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("crash-worker").path) && directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("crash-worker").path
    }

    @Test func killedWritersLoseNoAcknowledgedBatchAndLeaveNoHalfBatch() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.workerPath), "crash-worker not found at \(Self.workerPath)")
        var random = SplitMix64(seed: UInt64(Date().timeIntervalSince1970))
        try withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let storePath = directory + "/store"
            let ackPath = directory + "/acks"
            #expect(FileManager.default.createFile(atPath: ackPath, contents: nil))
            var totalAcknowledged = 0
            for run in 0..<20 {
                let worker = Process()
                worker.executableURL = URL(fileURLWithPath: Self.workerPath)
                worker.arguments = [storePath, ackPath, String(run)]
                try worker.run()
                // Let it work for 150 to 650 ms, then kill it without warning.
                usleep(useconds_t(150_000 + random.next(below: 500_000)))
                kill(worker.processIdentifier, SIGKILL)
                worker.waitUntilExit()
                #expect(worker.terminationReason == .uncaughtSignal, "run \(run): the worker exited by itself (\(worker.terminationStatus))")
                totalAcknowledged = try Self.verify(storePath: storePath, ackPath: ackPath, run: run)
            }
            #expect(totalAcknowledged > 20, "the workers acknowledged too little to make the test meaningful")
        }
    }

    /// Opens the store after a kill and checks it; answers how many batches were acknowledged so far.
    static func verify(storePath: String, ackPath: String, run: Int) throws -> Int {
        let acknowledged = try String(contentsOfFile: ackPath, encoding: .utf8)
            .split(separator: "\n").map { line -> String in
                let parts = line.split(separator: " ")
                return "\(parts[0])-\(parts[1])"
            }
        let store = try DocumentStore(path: storePath, configuration: StoreConfiguration(sweepsExpiredDocuments: false))
        defer { store.close() }
        guard let container = try? store.container("events", in: "crash") else {
            #expect(acknowledged.isEmpty, "run \(run): acknowledged batches but no container")
            return acknowledged.count
        }
        let (batches, scanned, counted, indexEntries, changes, spatial) = try store.read { snapshot in
            var batches: [String: Int] = [:]
            var scanned: Int64 = 0
            try snapshot.scanDocuments(in: container.properties) { document in
                let body = try JSONReader.parse(document.body)
                batches["\(body["run"]?.integerValue ?? -1)-\(body["batch"]?.integerValue ?? -1)", default: 0] += 1
                scanned += 1
                return true
            }
            let contents = try snapshot.indexContents(of: container.properties)
            return (batches, scanned, try snapshot.documentCount(in: container.properties), contents.range.count, contents.changes.count,
                    contents.spatial.count)
        }
        for batch in acknowledged {
            #expect(batches[batch] == 50, "run \(run): acknowledged batch \(batch) has \(batches[batch] ?? 0) of 50 documents")
        }
        for (batch, count) in batches where count != 50 {
            Issue.record("run \(run): batch \(batch) is half-written (\(count) of 50 documents)")
        }
        #expect(counted == scanned, "run \(run): counters say \(counted), scan found \(scanned)")
        #expect(Int64(indexEntries) == scanned, "run \(run): \(indexEntries) range-index entries for \(scanned) documents")
        #expect(Int64(changes) == scanned, "run \(run): \(changes) change-feed entries for \(scanned) documents")
        #expect(Int64(spatial) <= scanned && Int64(spatial) >= scanned - Int64(batches.count), "run \(run): \(spatial) spatial entries")
        return acknowledged.count
    }
}
