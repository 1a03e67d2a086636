public import DocumentStore
import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOSSL
import ServiceLifecycle

/// Builds the Cosmos DB NoSQL REST server: the store, TLS, the responder, and the services around them.
public enum CosmosGatewayServer {
    /// Opens the store in the configured data directory (creating it) and builds the application.
    ///
    /// Run it with `runService()`: SIGTERM and SIGINT then stop accepting connections, let in-flight requests finish,
    /// and close the store after the server has stopped (queued writes are committed first).
    public static func makeApplication(
        configuration: GatewayConfiguration,
        logger: Logger? = nil,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws -> some ApplicationProtocol {
        var configuredLogger = logger ?? Logger(label: "cosmolite")
        configuredLogger.logLevel = configuration.logLevel
        let logger = configuredLogger
        try FileManager.default.createDirectory(atPath: configuration.dataPath, withIntermediateDirectories: true)
        let metrics = GatewayMetrics()
        let store = try DocumentStore(
            path: configuration.dataPath + "/store",
            configuration: StoreConfiguration(
                durability: configuration.durability,
                onCommit: { metrics.recordCommit($0) },
                onSweep: { report in
                    metrics.recordSweep(report)
                    logger.debug("ttl sweep", metadata: ["expired": "\(report.expiredDocuments)", "purged": "\(report.purgedKeys)"])
                }
            )
        )
        return try await self.makeApplication(configuration: configuration, store: store, metrics: metrics, logger: logger,
                                              onServerRunning: onServerRunning)
    }

    /// Builds the application over an open store (tests share one store between the server and the test).
    public static func makeApplication(
        configuration: GatewayConfiguration,
        store: DocumentStore,
        logger: Logger
    ) async throws -> some ApplicationProtocol {
        try await self.makeApplication(configuration: configuration, store: store, metrics: GatewayMetrics(), logger: logger,
                                       onServerRunning: { _ in })
    }

    private static func makeApplication(
        configuration: GatewayConfiguration,
        store: DocumentStore,
        metrics: GatewayMetrics,
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void
    ) async throws -> some ApplicationProtocol {
        let responder = CosmosResponder(
            store: store,
            configuration: configuration,
            authenticator: try MasterKeyAuthenticator(masterKey: configuration.masterKey),
            metrics: metrics,
            logger: logger
        )
        let server: HTTPServerBuilder
        switch configuration.tls {
        case .disabled:
            server = .http1()
        case .selfSigned(let extraNames):
            let identity = try await SelfSignedCertificate.loadOrCreate(in: configuration.dataPath, extraNames: extraNames)
            server = Self.https(try Self.tlsConfiguration(certificatePEM: identity.certificatePEM, privateKeyPEM: identity.privateKeyPEM))
        case .files(let certificatePath, let keyPath):
            let certificatePEM = try String(contentsOfFile: certificatePath, encoding: .utf8)
            let keyPEM = try String(contentsOfFile: keyPath, encoding: .utf8)
            server = Self.https(try Self.tlsConfiguration(certificatePEM: certificatePEM, privateKeyPEM: keyPEM))
        }
        return CosmosApplication(
            responder: responder,
            server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.listensOnBothLoopbacks ? "127.0.0.1" : configuration.host, port: configuration.port),
                serverName: "Cosmolite"
            ),
            listenAddress: "\(configuration.host):\(configuration.port)",
            logger: logger,
            services: [StoreService(store: store, logger: logger)],
            alsoListensOnIPv6Loopback: configuration.listensOnBothLoopbacks,
            whenRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                logger.info("listening", metadata: [
                    "endpoint": "\(configuration.usesTLS ? "https" : "http")://\(configuration.host):\(port)/",
                    "data": "\(configuration.dataPath)",
                ])
                await onServerRunning(port)
            }
        )
    }

    /// HTTP/1.1 over TLS, with plain HTTP on the same port answered by a readable 400 (``PlaintextGuardedChannel``).
    private static func https(_ tlsConfiguration: TLSConfiguration) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            PlaintextGuardedChannel(base: try TLSChannel(HTTP1Channel(responder: responder), tlsConfiguration: tlsConfiguration))
        }
    }

    static func tlsConfiguration(certificatePEM: String, privateKeyPEM: String) throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        // Closing a connection waits this long for the peer's close_notify; idle keep-alive clients (the SDKs) never
        // send one, and NIO's default of 5 s held every graceful shutdown for that long.
        configuration.shutdownTimeout = .seconds(1)
        return configuration
    }

    /// Writes the server's self-signed certificate (creating it if needed) as PEM, for clients to trust.
    public static func exportCertificate(configuration: GatewayConfiguration, to path: String) async throws {
        guard case .selfSigned(let names) = configuration.tls else {
            throw CosmosError.badRequest("only the generated self-signed certificate can be exported")
        }
        try FileManager.default.createDirectory(atPath: configuration.dataPath, withIntermediateDirectories: true)
        let identity = try await SelfSignedCertificate.loadOrCreate(in: configuration.dataPath, extraNames: names)
        try Data(identity.certificatePEM.utf8).write(to: URL(fileURLWithPath: path))
    }
}

/// Keeps the store open while the server runs and closes it after the server has stopped.
struct StoreService: Service {
    let store: DocumentStore
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        self.logger.info("closing the store")
        self.store.close()
    }
}
