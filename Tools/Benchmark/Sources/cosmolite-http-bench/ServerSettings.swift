import BenchmarkSupport
import CosmosClient
import Foundation

/// How every server of a run is started: which binary, the key, the durability. Always plain HTTP on 127.0.0.1 with a
/// port the OS picks (the load clients speak plain HTTP/1.1; TLS would measure the cipher, not the server).
struct ServerSettings: Sendable {
    let binary: String
    let key: String
    /// `durable`: every acknowledged write is synced (the targets are for durable writes).
    let durability = "durable"

    /// The `cosmolite serve` arguments for a data directory.
    func arguments(dataPath: String) -> [String] {
        [
            "serve", "--host", "127.0.0.1", "--port", "0", "--data-path", dataPath, "--durability", self.durability,
            "--key", self.key, "--log-level", "info", "--tls", "off",
        ]
    }

    /// Starts a server on `dataPath` and waits until it reports its port and answers `GET /ready`.
    func start(dataPath: String, connections: Int, timeoutSeconds: Double = 60) async throws -> RunningServer {
        let process = try ServerProcess.launch(binary: self.binary, arguments: self.arguments(dataPath: dataPath))
        do {
            let port = try await process.log.waitForPort(timeoutSeconds: timeoutSeconds)
            let server = try RunningServer(process: process, port: port, key: self.key, connections: connections)
            try await server.waitUntilReady(timeoutSeconds: timeoutSeconds)
            return server
        } catch {
            process.killNow()
            throw BenchmarkError("the server did not start: \(error)\n\(process.log.tail)")
        }
    }
}
