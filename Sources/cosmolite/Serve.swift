public import ArgumentParser
import CosmosGateway
public import DocumentStore
import Foundation
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
                environment; a variable set to a value the flag would refuse stops the start with an error naming it. \
                SIGTERM or SIGINT stop the server gracefully: it stops accepting connections, finishes \
                in-flight requests, commits queued writes and closes the store.
                """
        )

        @Option(help: "The address to listen on (env COSMOLITE_HOST; default localhost: both 127.0.0.1 and ::1). Use 0.0.0.0 to accept remote clients.")
        var host: String?

        @Option(help: "The port to listen on, 0 for any free port (env COSMOLITE_PORT; default 8081).")
        var port: Int?

        @Option(name: .customLong("data-path"), help: "The data directory, created if missing (env COSMOLITE_DATA_PATH; default cosmolite-data).")
        var dataPath: String?

        @Option(help: "The account master key, base64 (env COSMOLITE_KEY). Default: the Cosmos DB Emulator's well-known key.")
        var key: String?

        @Option(help: "TLS: self-signed (generated on first start; the default), files (--tls-certificate and --tls-key) or off (env COSMOLITE_TLS).")
        var tls: TLSChoice?

        @Option(name: .customLong("tls-certificate"), help: "PEM certificate chain for --tls files (env COSMOLITE_TLS_CERTIFICATE).")
        var tlsCertificate: String?

        @Option(name: .customLong("tls-key"), help: "PEM private key for --tls files (env COSMOLITE_TLS_KEY).")
        var tlsKey: String?

        @Option(name: .customLong("tls-name"), help: "An extra host name or address for the self-signed certificate (repeatable; env COSMOLITE_TLS_NAME, comma-separated).")
        var tlsNames: [String] = []

        @Option(name: .customLong("public-endpoint"), help: "The endpoint to advertise to clients, e.g. https://myhost:8081/ (env COSMOLITE_PUBLIC_ENDPOINT). Default: the scheme and the Host the client used.")
        var publicEndpoint: String?

        @Option(help: "durable (the default): every commit is synced before it is acknowledged; relaxed: not synced (a power loss may lose the last commits) (env COSMOLITE_DURABILITY).")
        var durability: StoreConfiguration.Durability?

        @Option(name: .customLong("log-level"), help: "trace, debug, info (the default), notice, warning, error or critical (env COSMOLITE_LOG_LEVEL).")
        var logLevel: Logger.Level?

        @Option(name: .customLong("export-certificate"), help: "Write the self-signed certificate (PEM) to this path and exit, so other clients can trust it.")
        var exportCertificate: String?

        enum TLSChoice: String, ExpressibleByArgument, CaseIterable {
            case selfSigned = "self-signed"
            case files
            case off
        }

        static let portRange = 0...65535

        func validate() throws {
            _ = try self.resolvedConfiguration()
        }

        /// The configuration from the flags, then the environment, then the defaults. Every value is checked here, so
        /// a bad one stops the start with a message that names the flag or variable and what it accepts.
        func resolvedConfiguration() throws -> GatewayConfiguration {
            let port: Int
            if let flag = self.port {
                guard Self.portRange.contains(flag) else {
                    throw ValidationError("--port must be an integer from 0 to 65535, got \(flag)")
                }
                port = flag
            } else if let variable = try EnvironmentDefault.parsed("COSMOLITE_PORT", as: Int.self, accepted: "an integer from 0 to 65535") {
                guard Self.portRange.contains(variable) else {
                    throw ValidationError("the environment variable COSMOLITE_PORT='\(variable)' is not valid: expected an integer from 0 to 65535")
                }
                port = variable
            } else {
                port = 8081
            }
            let key = self.key ?? EnvironmentDefault.optionalString("COSMOLITE_KEY") ?? GatewayConfiguration.emulatorKey
            guard let keyBytes = Data(base64Encoded: key), !keyBytes.isEmpty else {
                let source = self.key != nil ? "--key" : "the environment variable COSMOLITE_KEY"
                throw ValidationError("\(source) is not a valid master key: expected base64 text such as the emulator's key")
            }
            let choice = try self.tls ?? EnvironmentDefault.parsed("COSMOLITE_TLS", as: TLSChoice.self) ?? .selfSigned
            let tls: GatewayConfiguration.TLSMode
            switch choice {
            case .selfSigned:
                let names = self.tlsNames.isEmpty
                    ? (EnvironmentDefault.optionalString("COSMOLITE_TLS_NAME")?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? [])
                    : self.tlsNames
                tls = .selfSigned(extraNames: names.filter { !$0.isEmpty })
            case .files:
                let certificate = self.tlsCertificate ?? EnvironmentDefault.optionalString("COSMOLITE_TLS_CERTIFICATE")
                let privateKey = self.tlsKey ?? EnvironmentDefault.optionalString("COSMOLITE_TLS_KEY")
                guard let certificate, let privateKey else {
                    throw ValidationError("--tls files needs --tls-certificate and --tls-key (or COSMOLITE_TLS_CERTIFICATE and COSMOLITE_TLS_KEY)")
                }
                for (option, path) in [("--tls-certificate", certificate), ("--tls-key", privateKey)] where !FileManager.default.isReadableFile(atPath: path) {
                    throw ValidationError("\(option) \(path): the file does not exist or cannot be read")
                }
                tls = .files(certificate: certificate, privateKey: privateKey)
            case .off:
                tls = .disabled
            }
            if self.exportCertificate != nil, choice != .selfSigned {
                throw ValidationError("--export-certificate writes the generated self-signed certificate; it needs --tls self-signed (the default)")
            }
            let publicEndpoint = self.publicEndpoint ?? EnvironmentDefault.optionalString("COSMOLITE_PUBLIC_ENDPOINT")
            if let publicEndpoint, !Self.isEndpointURL(publicEndpoint) {
                let source = self.publicEndpoint != nil ? "--public-endpoint '\(publicEndpoint)'" : "the environment variable COSMOLITE_PUBLIC_ENDPOINT='\(publicEndpoint)'"
                throw ValidationError("\(source) is not valid: expected an http:// or https:// URL with a host, such as https://myhost:8081/")
            }
            return GatewayConfiguration(
                host: self.host ?? EnvironmentDefault.optionalString("COSMOLITE_HOST") ?? "localhost",
                port: port,
                dataPath: self.dataPath ?? EnvironmentDefault.optionalString("COSMOLITE_DATA_PATH") ?? "cosmolite-data",
                masterKey: key,
                tls: tls,
                publicEndpoint: publicEndpoint,
                durability: try self.durability ?? EnvironmentDefault.parsed("COSMOLITE_DURABILITY", as: StoreConfiguration.Durability.self) ?? .durable,
                logLevel: try self.logLevel ?? EnvironmentDefault.parsed("COSMOLITE_LOG_LEVEL", as: Logger.Level.self) ?? .info
            )
        }

        /// `http://host[:port][/...]` or `https://...`: what the SDKs accept as an account endpoint.
        static func isEndpointURL(_ text: String) -> Bool {
            guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
                scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
            else { return false }
            return true
        }

        func run() async throws {
            let configuration = try self.resolvedConfiguration()
            if let exportCertificate {
                try await CosmosGatewayServer.exportCertificate(configuration: configuration, to: exportCertificate)
                print("wrote \(exportCertificate)")
                return
            }
            LoggingSystem.bootstrap { label in DeferredMetadataLogHandler(label: label, level: configuration.logLevel) }
            let application = try await CosmosGatewayServer.makeApplication(configuration: configuration)
            try await application.runService()
        }
    }
}

extension StoreConfiguration.Durability: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
