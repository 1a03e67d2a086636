import ArgumentParser

extension Cosmolite {
    /// `cosmolite export`: placeholder until the pipeline tools land.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export a container as NDJSON.")
        func run() async throws {
            throw ValidationError("export is not available yet")
        }
    }
}
