import HTTPDates
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// The server application: Hummingbird's HTTP server and the Cosmos responder, run as a service group.
///
/// It runs the server itself instead of through `ApplicationProtocol`'s default `run()`, which adds a service that
/// re-formats the `Date` header every second (waking the idle server once a second, when idle CPU is meant to be
/// zero) and tags a copy of the logger with a request id on every request. Here the date is formatted when an answer
/// needs it and the second has changed, and the logger is the server's.
struct CosmosApplication: ApplicationProtocol {
    typealias Responder = CosmosResponder

    let responder: CosmosResponder
    let server: HTTPServerBuilder
    let configuration: ApplicationConfiguration
    /// The configured `host:port`, for error messages.
    let listenAddress: String
    let logger: Logger
    let services: [any Service]
    /// Also listen on `[::1]` at the port the main socket got (`--host localhost`: both loopback addresses).
    let alsoListensOnIPv6Loopback: Bool
    let whenRunning: @Sendable (any Channel) async -> Void

    func onServerRunning(_ channel: any Channel) async {
        await self.whenRunning(channel)
    }

    func run() async throws {
        let (ports, announce) = AsyncStream<Int>.makeStream()
        let server = try self.makeServer(address: self.configuration.address) { channel in
            if let port = channel.localAddress?.port { announce.yield(port) }
            announce.finish()
            await self.onServerRunning(channel)
        }
        var services = self.services + [server]
        if self.alsoListensOnIPv6Loopback {
            services.append(LoopbackIPv6Listener(
                ports: ports,
                makeServer: { port in try self.makeServer(address: .hostname("::1", port: port)) { _ in } },
                logger: self.logger
            ))
        }
        let serviceGroup = ServiceGroup(configuration: .init(services: services, logger: self.logger))
        do {
            try await serviceGroup.run()
        } catch let error as IOError {
            throw ListenFailure(error, address: self.listenAddress) ?? error
        }
    }

    /// One listening socket on `address` serving the Cosmos responder.
    private func makeServer(address: BindAddress, onServerRunning: @escaping @Sendable (any Channel) async -> Void) throws -> any Service {
        let responder = self.responder
        let logger = self.logger
        let serverName = self.configuration.serverName
        return try self.server.buildServer(
            configuration: ServerConfiguration(
                address: address,
                serverName: serverName,
                backlog: self.configuration.backlog,
                reuseAddress: self.configuration.reuseAddress
            ),
            eventLoopGroup: self.eventLoopGroup,
            logger: logger
        ) { (request, responseWriter: consuming ResponseWriter, channel) in
            if Self.expectsContinue(request) {
                // Clients such as curl send a large body only after this interim answer (or after waiting a second).
                try await responseWriter.writeInformationalHead(HTTPResponse(status: .continue))
            }
            // The answer is computed on the connection's own event loop (see EventLoopTaskExecutor).
            var response = try await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop: channel.eventLoop)) {
                try await Self.answer(request, channel: channel, responder: responder, logger: logger)
            }
            response.headers.append(HTTPField(name: .date, value: HTTPDate.now()))
            if let serverName {
                response.headers.append(HTTPField(name: .server, value: serverName))
            }
            do {
                try await responseWriter.write(response: response.head, body: response.body)
            } catch is HTTPParserError {
                // A parser error met while answering must not start a second answer (the channel handler answers a
                // parser error with a 400): any other error just closes the connection.
                throw ParseErrorWhileAnswering()
            }
        } onServerRunning: {
            await onServerRunning($0)
        }
    }
}

extension CosmosApplication {
    /// Whether the client waits for `100 Continue` before it sends the body (RFC 9110, section 10.1.1) and the body
    /// will be read: a body announced as over the limit gets its 413 at once instead, so it is never sent.
    private static func expectsContinue(_ request: Request) -> Bool {
        guard let expectation = request.headers[.expect], expectation.lowercased() == "100-continue" else { return false }
        guard let length = request.headers[.contentLength].flatMap({ Int($0) }) else { return true }
        return length <= CosmosResponder.maximumBodySize
    }

    /// The responder's answer to `request`; an error it did not turn into a Cosmos answer becomes a bare 500.
    private static func answer(_ request: Request, channel: any Channel, responder: CosmosResponder, logger: Logger) async throws -> Response {
        let context = BasicRequestContext(source: ApplicationRequestContextSource(channel: channel, logger: logger))
        do {
            return try await responder.respond(to: request, context: context)
        } catch let error as HTTPParserError {
            throw error
        } catch {
            // The responder turns every error into a Cosmos error answer; this is only a last resort.
            logger.error("unanswered request", metadata: ["error": "\(error)"])
            return Response(status: .internalServerError)
        }
    }
}

/// Thrown instead of the parser's error once an answer has started, so that the connection closes without a second one.
private struct ParseErrorWhileAnswering: Error {}
