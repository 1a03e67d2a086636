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
    let logger: Logger
    let services: [any Service]
    let whenRunning: @Sendable (any Channel) async -> Void

    func onServerRunning(_ channel: any Channel) async {
        await self.whenRunning(channel)
    }

    func run() async throws {
        let responder = self.responder
        let logger = self.logger
        let serverName = self.configuration.serverName
        let server = try self.server.buildServer(
            configuration: ServerConfiguration(
                address: self.configuration.address,
                serverName: serverName,
                backlog: self.configuration.backlog,
                reuseAddress: self.configuration.reuseAddress
            ),
            eventLoopGroup: self.eventLoopGroup,
            logger: logger
        ) { (request, responseWriter: consuming ResponseWriter, channel) in
            let context = BasicRequestContext(source: ApplicationRequestContextSource(channel: channel, logger: logger))
            var response: Response
            do {
                response = try await responder.respond(to: request, context: context)
            } catch let error as HTTPParserError {
                throw error
            } catch {
                // The responder turns every error into a Cosmos error answer; this is only a last resort.
                logger.error("unanswered request", metadata: ["error": "\(error)"])
                response = Response(status: .internalServerError)
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
            await self.onServerRunning($0)
        }
        let serviceGroup = ServiceGroup(configuration: .init(services: self.services + [server], logger: logger))
        try await serviceGroup.run()
    }
}

/// Thrown instead of the parser's error once an answer has started, so that the connection closes without a second one.
private struct ParseErrorWhileAnswering: Error {}
