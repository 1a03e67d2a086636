import ArgumentParser
import CosmosClient
import DocumentStore
import Foundation
import JSON

extension Cosmolite {
    /// `cosmolite export`: a container's documents as NDJSON.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a container's documents to standard output as NDJSON (bodies without system properties).",
            discussion: """
                Reads a data directory the server does not hold open (--data-path), or a running server (--endpoint). \
                `cosmolite export db/c > out.ndjson` then `cosmolite import out.ndjson --into db/c2 --partition-key ...` \
                reproduces the documents exactly (system properties are generated anew).
                """
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "The container, as database/container.")
        var container: ContainerAddress

        @Option(help: "Export through a running server at this endpoint instead of a data directory.")
        var endpoint: String?

        @Option(help: "The account key for --endpoint (env COSMOLITE_KEY; default: the emulator key).")
        var key: String = EnvironmentDefault.string("COSMOLITE_KEY", "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==")

        func run() async throws {
            let output = FileHandle.standardOutput
            var buffer: [UInt8] = []
            var count = 0
            func emit(_ body: [UInt8]) {
                buffer.append(contentsOf: body)
                buffer.append(UInt8(ascii: "\n"))
                count += 1
                if buffer.count > 1 << 20 {
                    output.write(Data(buffer))
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            if let endpoint {
                let client = try CosmosRESTClient(endpoint: endpoint, key: self.key)
                do {
                    var continuation: String?
                    repeat {
                        let page = try await client.queryRows(database: self.container.database, container: self.container.container,
                                                              query: "SELECT * FROM c", continuation: continuation)
                        for row in page.rows {
                            emit(Self.withoutSystemProperties(row))
                        }
                        continuation = page.continuation
                    } while continuation != nil
                } catch {
                    try? await client.shutdown()
                    throw error
                }
                // Shut down before returning: the HTTP client must not be released while it is still running.
                try await client.shutdown()
            } else {
                let store = try self.store.openStore()
                defer { store.close() }
                let container = try store.container(self.container.container, in: self.container.database)
                // One snapshot per page of 1,000 documents keeps read transactions short on a large container.
                var after: UInt64?
                while true {
                    let start = after
                    let (page, last) = try await store.read { snapshot -> ([[UInt8]], UInt64?) in
                        var page: [[UInt8]] = []
                        var last: UInt64?
                        try snapshot.scanDocuments(in: try snapshot.currentContainer(container.properties.number), after: start) { document in
                            page.append(Array(document.body))
                            last = document.sequenceNumber
                            return page.count < 1000
                        }
                        return (page, last)
                    }
                    page.forEach(emit)
                    guard let last, page.count == 1000 else { break }
                    after = last
                }
            }
            output.write(Data(buffer))
            FileHandle.standardError.write(Data("exported \(count) documents from \(self.container.description)\n".utf8))
        }

        /// A document as the server answers it, minus the system properties: the other members byte for byte, so
        /// that an export through a server is the same text as an export from the data directory.
        static func withoutSystemProperties(_ row: [UInt8]) -> [UInt8] {
            row.withUnsafeBytes { text in
                var writer = JSONWriter(reservingCapacity: text.count)
                writer.writeByte(UInt8(ascii: "{"))
                var isFirst = true
                JSONScanner.forEachMember(in: text) { member in
                    if !SystemProperties.reservedNames.contains(JSONScanner.decodedKey(of: member, in: text)) {
                        if !isFirst { writer.writeByte(UInt8(ascii: ",")) }
                        // From the key's opening quote to the end of the value.
                        writer.writeRaw(UnsafeRawBufferPointer(rebasing: text[(member.key.lowerBound - 1)..<member.value.upperBound]))
                        isFirst = false
                    }
                    return true
                }
                writer.writeByte(UInt8(ascii: "}"))
                return writer.bytes
            }
        }
    }
}
