import ArgumentParser
import DocumentStore

extension Cosmolite {
    /// `cosmolite sweep`: remove expired documents now.
    struct Sweep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove expired documents and the data of deleted containers from a data directory, in bounded batches."
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "Documents removed per transaction.")
        var batchSize: Int = 1000

        func run() async throws {
            let store = try self.store.openStore()
            defer { store.close() }
            var expired = 0
            var purged = 0
            while true {
                let report = try store.sweep(limit: self.batchSize)
                expired += report.expiredDocuments
                purged += report.purgedKeys
                if report.expiredDocuments < self.batchSize && report.purgedKeys < self.batchSize { break }
            }
            print("removed \(expired) expired documents and \(purged) keys of deleted containers")
        }
    }
}
