import BenchmarkSupport
import CosmosClient
import Foundation

/// A server that reported its port, with a client for it (the connection pool is sized by the caller) and the signer
/// the blocking load clients compose their requests with.
struct RunningServer: Sendable {
    let process: ServerProcess
    let port: Int
    let endpoint: String
    let client: CosmosRESTClient
    let signer: MasterKeySigner

    init(process: ServerProcess, port: Int, key: String, connections: Int) throws {
        self.process = process
        self.port = port
        self.endpoint = "http://127.0.0.1:\(port)/"
        self.client = try CosmosRESTClient(endpoint: self.endpoint, key: key, connections: connections)
        self.signer = try MasterKeySigner(key: key)
    }

    /// Requests on `container` of the event database, for ``LoopbackConnection``s to this server.
    func requests(container: String) -> CosmosRequestComposer {
        CosmosRequestComposer(signer: self.signer, host: "127.0.0.1:\(self.port)", database: EventContainer.database, container: container)
    }

    /// Polls `GET /ready` (every millisecond while the connection is refused or the store is not open yet).
    func waitUntilReady(timeoutSeconds: Double) async throws {
        let start = MonotonicClock.nanoseconds()
        var lastError: (any Error)?
        while MonotonicClock.seconds(since: start) < timeoutSeconds {
            do {
                if try await self.client.isReady() { return }
            } catch {
                lastError = error
            }
            if self.process.hasExited {
                throw BenchmarkError("the server exited while starting")
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        throw BenchmarkError("GET /ready did not answer 200 within \(timeoutSeconds) s (last error: \(lastError.map { "\($0)" } ?? "none"))")
    }

    /// Closes the client's connections, then stops the server gracefully.
    func stop() async -> (exitStatus: Int32?, seconds: Double) {
        try? await self.client.shutdown()
        return self.process.stop()
    }
}
