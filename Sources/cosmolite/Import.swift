import ArgumentParser
import AvroCapture
import CosmosClient
import DocumentStore
import Foundation
import JSON

extension Cosmolite {
    /// `cosmolite import`: documents from NDJSON, JSON arrays or Event Hubs Capture files into a container.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import NDJSON, a JSON array, or Event Hubs Capture (Avro) files into a container; idempotent upserts.",
            discussion: """
                Works directly on a data directory (--data-path, the default; the server must not hold it open) or through \
                a running server (--endpoint). The inputs are read once to find the last version of each document (by \
                id and partition key); only that version is upserted, in input order, so running an import again \
                changes nothing: re-delivered documents count as duplicates, earlier versions as superseded. Bad documents are written with their position and reason \
                to the reject file and do not stop the import. With --capture, files are read in Event Hubs Capture \
                order (partition, then time); each event's Body is imported as a JSON document, and a damaged file, a \
                wrong schema or a non-JSON body is reported with file, block and record and the other files go on.
                """
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "NDJSON (.ndjson, .jsonl) or JSON array (.json) files; with --capture, Avro files or directories of them.")
        var inputs: [String]

        @Option(help: "The target container, as database/container.")
        var into: ContainerAddress

        @Flag(help: "The inputs are Event Hubs Capture Avro files or directories.")
        var capture = false

        @Option(help: "Import through a running server at this endpoint (e.g. https://localhost:8081/) instead of a data directory.")
        var endpoint: String?

        @Option(help: "The account key for --endpoint (env COSMOLITE_KEY; default: the emulator key).")
        var key: String = EnvironmentDefault.string("COSMOLITE_KEY", "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==")

        @Option(name: .customLong("partition-key"), help: "Create the container with this partition key path (e.g. /deviceId) if it does not exist.")
        var partitionKey: String?

        @Option(name: .customLong("id-source"), help: "With --partition-key: take ids from this path when documents have none (e.g. /eventId).")
        var idSource: String?

        @Option(name: .customLong("batch-size"), help: "Documents per transaction (data directory) or per progress step (server).")
        var batchSize: Int = 1000

        @Option(name: .customLong("reject-file"), help: "Where rejected documents go, one JSON line each (default: <container>.rejects.ndjson).")
        var rejectFile: String?

        @Option(help: "Also write the final report as JSON to this file.")
        var report: String?

        func validate() throws {
            guard !self.inputs.isEmpty else { throw ValidationError("name at least one file to import") }
            guard self.batchSize >= 1 && self.batchSize <= 10_000 else { throw ValidationError("--batch-size must be between 1 and 10000") }
            if !self.capture {
                for input in self.inputs where !FileManager.default.isReadableFile(atPath: input) {
                    throw ValidationError("cannot read \(input)")
                }
            }
        }

        func run() async throws {
            let rejects = RejectWriter(path: self.rejectFile ?? "\(self.into.container).rejects.ndjson")
            let sink: any ImportSink = if let endpoint {
                try await ServerImportSink(endpoint: endpoint, key: self.key, container: self.into, partitionKey: self.partitionKey,
                                           idSource: self.idSource)
            } else {
                try DirectoryImportSink(store: self.store, container: self.into, partitionKey: self.partitionKey, idSource: self.idSource)
            }
            var importer = Importer(sink: sink, rejects: rejects, batchSize: self.batchSize, target: self.into.description)
            do {
                let files = self.capture ? try CaptureFileLayout.files(in: self.inputs) : self.inputs
                try await importer.importFiles(files, capture: self.capture)
                try await sink.finish()
            } catch {
                try? await sink.finish()
                throw error
            }
            let report = importer.finish()
            print(report.summary)
            if let path = self.report {
                try Data(JSONWriter.bytes(from: report.json)).write(to: URL(fileURLWithPath: path))
            }
            if report.failedFiles > 0 { throw ExitCode(2) }
        }
    }
}
