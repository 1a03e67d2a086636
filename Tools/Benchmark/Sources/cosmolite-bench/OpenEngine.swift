import BenchmarkSupport

/// An engine instance together with the temporary directory it owns, so that both go away together.
struct OpenEngine {
    let engine: any BenchmarkEngine
    let directory: TemporaryDirectory

    var kind: EngineKind { self.engine.kind }

    /// Opens a fresh instance of `kind` in a new temporary directory.
    static func open(_ kind: EngineKind, durability: Durability) throws -> OpenEngine {
        let directory = try TemporaryDirectory(prefix: "cosmolite-bench-\(kind.rawValue)")
        do {
            return OpenEngine(engine: try kind.open(in: directory.path, durability: durability), directory: directory)
        } catch {
            directory.remove()
            throw error
        }
    }

    /// Closes the engine and deletes its files.
    func dispose() {
        do {
            try self.engine.close()
        } catch {
            ProgressReporter.log("warning: closing \(self.kind.displayName) failed: \(error)")
        }
        self.directory.remove()
    }
}
