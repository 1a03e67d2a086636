import ArgumentParser

/// `cosmolite`: the serving-layer document store for streaming pipelines.
@main
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
