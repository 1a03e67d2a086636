import ArgumentParser

extension Cosmolite {
    /// `cosmolite import`: placeholder until the pipeline tools land.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import NDJSON, JSON arrays or Event Hubs Capture files into a container.")
        func run() async throws {
            throw ValidationError("import is not available yet")
        }
    }
}
