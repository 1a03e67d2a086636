import BenchmarkSupport
import CosmosClient
import Foundation

/// How every server of a run is started: which binary, plain HTTP or TLS, the key, the durability. Always on
/// 127.0.0.1 with a port the OS picks.
struct ServerSettings: Sendable {
    let binary: String
    let usesTLS: Bool
    let key: String
    /// `durable`: every acknowledged write is synced (the targets are for durable writes).
    let durability = "durable"

    /// The `cosmolite serve` arguments for a data directory.
    func arguments(dataPath: String) -> [String] {
        var arguments = [
            "serve", "--host", "127.0.0.1", "--port", "0", "--data-path", dataPath, "--durability", self.durability,
            "--key", self.key, "--log-level", "info",
        ]
        arguments += self.usesTLS ? ["--tls", "self-signed"] : ["--tls", "off"]
        return arguments
    }

    /// Generates the self-signed certificate (TLS only) in the data directory now, with `--export-certificate`, so
    /// that no timed start-up pays for generating it.
    func generateCertificate(dataPath: String) throws {
        guard self.usesTLS else { return }
        let output = dataPath + "-certificate.pem"
        let arguments = self.arguments(dataPath: dataPath) + ["--export-certificate", output]
        let process = try ServerProcess.launch(binary: self.binary, arguments: arguments)
        guard let status = process.waitForExit(timeoutSeconds: 60) else {
            process.killNow()
            throw BenchmarkError("cosmolite serve --export-certificate did not finish within 60 s:\n\(process.log.tail)")
        }
        guard status == 0 else {
            throw BenchmarkError("cosmolite serve --export-certificate exited with \(status):\n\(process.log.tail)")
        }
        try? FileManager.default.removeItem(atPath: output)
    }

    /// Starts a server on `dataPath` and waits until it reports its port and answers `GET /ready`.
    func start(dataPath: String, connections: Int, timeoutSeconds: Double = 60) async throws -> RunningServer {
        let process = try ServerProcess.launch(binary: self.binary, arguments: self.arguments(dataPath: dataPath))
        do {
            let port = try await process.log.waitForPort(timeoutSeconds: timeoutSeconds)
            let server = try RunningServer(process: process, port: port, usesTLS: self.usesTLS, key: self.key, connections: connections)
            try await server.waitUntilReady(timeoutSeconds: timeoutSeconds)
            return server
        } catch {
            process.killNow()
            throw BenchmarkError("the server did not start: \(error)\n\(process.log.tail)")
        }
    }
}
