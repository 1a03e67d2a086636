public import ArgumentParser
import CosmosGateway
public import DocumentStore
import Hummingbird
public import Logging

extension Cosmolite {
    /// `cosmolite serve`: the Cosmos DB NoSQL REST server.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the server: the Cosmos DB NoSQL REST API over HTTPS on port 8081 (like the emulator).",
            discussion: """
                Every option can also be set with the environment variable named after it (COSMOLITE_ plus the option \
                name in capitals with dashes as underscores: --data-path is COSMOLITE_DATA_PATH). Flags win over the \
                environment. SIGTERM or SIGINT stop the server gracefully: it stops accepting connections, finishes \
                in-flight requests, commits queued writes and closes the store.
                """
        )

        @Option(help: "The address to listen on (env COSMOLITE_HOST). Use 0.0.0.0 to accept remote clients.")
        var host: String = EnvironmentDefault.string("COSMOLITE_HOST", "127.0.0.1")

        @Option(help: "The port to listen on (env COSMOLITE_PORT).")
        var port: Int = EnvironmentDefault.int("COSMOLITE_PORT", 8081)

        @Option(name: .customLong("data-path"), help: "The data directory, created if missing (env COSMOLITE_DATA_PATH).")
        var dataPath: String = EnvironmentDefault.string("COSMOLITE_DATA_PATH", "cosmolite-data")

        @Option(help: "The account master key, base64 (env COSMOLITE_KEY). Default: the Cosmos DB Emulator's well-known key.")
        var key: String = EnvironmentDefault.string("COSMOLITE_KEY", GatewayConfiguration.emulatorKey)

        @Option(help: "TLS: self-signed (generated on first start), files (--tls-certificate and --tls-key) or off (env COSMOLITE_TLS).")
        var tls: TLSChoice = TLSChoice(rawValue: EnvironmentDefault.string("COSMOLITE_TLS", "self-signed")) ?? .selfSigned

        @Option(name: .customLong("tls-certificate"), help: "PEM certificate chain for --tls files (env COSMOLITE_TLS_CERTIFICATE).")
        var tlsCertificate: String = EnvironmentDefault.string("COSMOLITE_TLS_CERTIFICATE", "")

        @Option(name: .customLong("tls-key"), help: "PEM private key for --tls files (env COSMOLITE_TLS_KEY).")
        var tlsKey: String = EnvironmentDefault.string("COSMOLITE_TLS_KEY", "")

        @Option(name: .customLong("tls-name"), help: "An extra host name or address for the self-signed certificate (repeatable; env COSMOLITE_TLS_NAME, comma-separated).")
        var tlsNames: [String] = EnvironmentDefault.optionalString("COSMOLITE_TLS_NAME")?.split(separator: ",").map(String.init) ?? []

        @Option(name: .customLong("public-endpoint"), help: "The endpoint to advertise to clients, e.g. https://myhost:8081/ (env COSMOLITE_PUBLIC_ENDPOINT). Default: the Host the client used.")
        var publicEndpoint: String = EnvironmentDefault.string("COSMOLITE_PUBLIC_ENDPOINT", "")

        @Option(help: "durable: every commit is synced before it is acknowledged; relaxed: not synced (a power loss may lose the last commits) (env COSMOLITE_DURABILITY).")
        var durability: StoreConfiguration.Durability = StoreConfiguration.Durability(rawValue: EnvironmentDefault.string("COSMOLITE_DURABILITY", "durable")) ?? .durable

        @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env COSMOLITE_LOG_LEVEL).")
        var logLevel: Logger.Level = Logger.Level(rawValue: EnvironmentDefault.string("COSMOLITE_LOG_LEVEL", "info")) ?? .info

        @Option(name: .customLong("export-certificate"), help: "Write the self-signed certificate (PEM) to this path and exit, so other clients can trust it.")
        var exportCertificate: String?

        enum TLSChoice: String, ExpressibleByArgument, CaseIterable {
            case selfSigned = "self-signed"
            case files
            case off
        }

        func validate() throws {
            guard (0...65535).contains(self.port) else {
                throw ValidationError("--port must be between 0 and 65535")
            }
            if self.tls == .files && (self.tlsCertificate.isEmpty || self.tlsKey.isEmpty) {
                throw ValidationError("--tls files needs --tls-certificate and --tls-key")
            }
        }

        var gatewayConfiguration: GatewayConfiguration {
            let tls: GatewayConfiguration.TLSMode = switch self.tls {
            case .selfSigned: .selfSigned(extraNames: self.tlsNames)
            case .files: .files(certificate: self.tlsCertificate, privateKey: self.tlsKey)
            case .off: .disabled
            }
            return GatewayConfiguration(
                host: self.host,
                port: self.port,
                dataPath: self.dataPath,
                masterKey: self.key,
                tls: tls,
                publicEndpoint: self.publicEndpoint.isEmpty ? nil : self.publicEndpoint,
                durability: self.durability,
                logLevel: self.logLevel
            )
        }

        func run() async throws {
            if let exportCertificate {
                try await CosmosGatewayServer.exportCertificate(configuration: self.gatewayConfiguration, to: exportCertificate)
                print("wrote \(exportCertificate)")
                return
            }
            LoggingSystem.bootstrap { label in DeferredMetadataLogHandler(label: label, level: self.logLevel) }
            let application = try await CosmosGatewayServer.makeApplication(configuration: self.gatewayConfiguration)
            try await application.runService()
        }
    }
}

extension StoreConfiguration.Durability: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
