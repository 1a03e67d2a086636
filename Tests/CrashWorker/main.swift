// A child process for the crash test: ingests batches into a durable store until it is killed, recording each batch
// in an acknowledgement file only after the store has acknowledged it (and syncing that file), so that the test can
// check that every acknowledged batch survived the kill.
//
// Usage: crash-worker <store directory> <acknowledgement file> <run number>
import DocumentStore
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 4, let run = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: crash-worker <store> <ack-file> <run>\n".utf8))
    exit(2)
}
// The test process; when it goes away (an interrupted test run) the worker stops instead of ingesting forever.
let parent = getppid()
let store = try DocumentStore(
    path: arguments[1],
    configuration: StoreConfiguration(durability: .durable, initialMapSize: 1 << 20, sweepsExpiredDocuments: false)
)
if try store.database("crash") == nil {
    try store.createDatabase("crash")
}
var definition = ContainerDefinition(id: "events", partitionKeyPath: "/device")
definition.indexingPolicy = .only(rangePaths: ["/batch"], spatialPaths: ["/location/*"])
definition.partitionKeyRangeCount = 3
let container = try (try? store.container("events", in: "crash")) ?? store.createContainer(definition, in: "crash")

let descriptor = open(arguments[2], O_WRONLY | O_APPEND | O_CREAT, 0o644)
guard descriptor >= 0 else { exit(3) }
let padding = String(repeating: "p", count: 400)
for batch in 0..<1_000_000 {
    guard getppid() == parent else { exit(5) }
    let documents = (0..<50).map { item in
        Array(#"{"id":"r\#(run)-b\#(batch)-\#(item)","device":"d\#(item % 7)","run":\#(run),"batch":\#(batch),"location":{"type":"Point","coordinates":[\#(-80 + Double(item) / 100),35.5]},"pad":"\#(padding)"}"#.utf8)
    }
    let report = try container.ingest(documents)
    guard report.created == 50 else { exit(4) }
    // Every third batch also rewrites the previous batch's first document (replace path) when it exists.
    if batch > 0 && batch % 3 == 0 {
        try container.upsert(#"{"id":"r\#(run)-b\#(batch - 1)-0","device":"d0","run":\#(run),"batch":\#(batch - 1),"rewritten":true}"#)
    }
    let line = Array("\(run) \(batch)\n".utf8)
    _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    fsync(descriptor)
}
