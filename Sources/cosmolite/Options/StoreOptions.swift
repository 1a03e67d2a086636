import ArgumentParser
import DocumentStore
import Foundation

/// Where the data lives, for commands that open a data directory directly.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data-path"), help: "The data directory (env COSMOLITE_DATA_PATH).")
    var dataPath: String = EnvironmentDefault.string("COSMOLITE_DATA_PATH", "cosmolite-data")

    /// The store inside the data directory (the directory also holds TLS material).
    var storePath: String { self.dataPath + "/store" }

    /// Opens the store; unless `creating`, a data directory without a store is an error rather than a new store.
    func openStore(creating: Bool = false, durability: StoreConfiguration.Durability = .durable) throws -> DocumentStore {
        if !creating && !FileManager.default.fileExists(atPath: self.storePath + "/data.mdb") {
            throw ValidationError("there is no Cosmolite store in \(self.dataPath) (expected \(self.storePath)/data.mdb)")
        }
        return try DocumentStore(path: self.storePath, configuration: StoreConfiguration(durability: durability, sweepsExpiredDocuments: false))
    }
}

/// A database and container named on the command line as `db/container`.
struct ContainerAddress: ExpressibleByArgument {
    let database: String
    let container: String

    init?(argument: String) {
        let parts = argument.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.database = String(parts[0])
        self.container = String(parts[1])
    }

    var description: String { "\(self.database)/\(self.container)" }
}
