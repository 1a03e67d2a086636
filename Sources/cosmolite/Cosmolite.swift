import ArgumentParser
import NIOCore
import NIOPosix

/// `cosmolite`: the serving-layer document store for streaming pipelines.
struct Cosmolite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cosmolite",
        abstract: "A serving-layer document store that speaks the Azure Cosmos DB NoSQL API.",
        discussion: """
            Run `cosmolite serve` to start the server (https://localhost:8081/ with the emulator's key, like the Cosmos DB \
            Emulator). The other commands work directly on a data directory the server does not hold open, or through a \
            running server where they say so.
            """,
        version: "0.1.0",
        subcommands: [Serve.self, Query.self, Import.self, Export.self, Stat.self, Sweep.self],
        defaultSubcommand: Serve.self
    )
}

/// Starts the command with Swift concurrency running on NIO's event loop threads.
///
/// Hummingbird reads requests on an event loop and runs the handler as a task; with the default executor every request
/// crossed from an event loop thread to a concurrency thread and back, two thread wake-ups that cost more CPU than a
/// point read itself. Long work (queries, scans) still runs on the store's reader threads, never on a loop.
@main
enum CosmoliteEntry {
    static func main() async {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await Cosmolite.main()
    }
}
