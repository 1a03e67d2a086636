import Logging
import ServiceLifecycle

/// The second socket of `--host localhost`: the same server on `[::1]`, at the port the IPv4 socket got.
///
/// Clients resolve `localhost` to `::1` first on most systems (Python's `requests`, which the azure-cosmos SDK uses,
/// among them); with only 127.0.0.1 listening, each new connection is first refused and the SDK marks the endpoint
/// unavailable for a while. The port is known only once the IPv4 socket is bound (`--port 0` lets the system pick),
/// so this service waits for it. A machine without IPv6 loopback keeps serving on IPv4, with a warning.
struct LoopbackIPv6Listener: Service {
    /// Yields the IPv4 socket's port once it is listening.
    let ports: AsyncStream<Int>
    /// Builds the server on `[::1]` and the given port.
    let makeServer: @Sendable (Int) throws -> any Service
    let logger: Logger

    func run() async throws {
        var iterator = self.ports.makeAsyncIterator()
        guard let port = await iterator.next() else { return }
        do {
            try await self.makeServer(port).run()
        } catch is CancellationError {
            return
        } catch {
            self.logger.warning("not listening on [::1]:\(port): \(error); clients reach the server on 127.0.0.1 only")
            // Returning would end the whole service group: wait for the shutdown like the other services.
            try? await gracefulShutdown()
        }
    }
}
