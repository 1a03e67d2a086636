public import DocumentStore
public import Logging

/// How `cosmolite serve` runs: where it listens, where the data lives, the account key, TLS and durability.
public struct GatewayConfiguration: Sendable {
    /// How the server secures its socket.
    public enum TLSMode: Sendable, Hashable {
        /// A self-signed certificate for localhost, 127.0.0.1, ::1 and `extraNames`, generated on first start and
        /// kept in the data directory (`tls/cosmolite-cert.pem`).
        case selfSigned(extraNames: [String])
        /// A certificate chain and private key in PEM files supplied by the user.
        case files(certificate: String, privateKey: String)
        /// Plain HTTP.
        case disabled
    }

    /// The Cosmos DB Emulator's well-known master key (base64), the default so that SDKs work unchanged.
    public static let emulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="

    /// The address to listen on. `localhost` (the default) listens on both loopback addresses, 127.0.0.1 and ::1, as
    /// clients may try either; `0.0.0.0` or a machine's address opens the server to the network.
    public var host: String
    public var port: Int
    public var dataPath: String
    /// The account master key, base64 as the SDKs take it.
    public var masterKey: String
    public var tls: TLSMode
    /// The endpoint advertised to clients in the account document (`https://myhost:8081/`); by default it is built
    /// from each request's Host header and the scheme, so it is always one the client can reach.
    public var publicEndpoint: String?
    public var durability: StoreConfiguration.Durability
    public var logLevel: Logger.Level
    /// Rows per query page when the client does not say (`x-ms-max-item-count` absent or -1).
    public var defaultPageSize: Int
    /// A streaming query page examines at most this many documents before returning a continuation.
    public var maximumExaminedDocumentsPerPage: Int

    public init(
        host: String = "localhost",
        port: Int = 8081,
        dataPath: String = "cosmolite-data",
        masterKey: String = GatewayConfiguration.emulatorKey,
        tls: TLSMode = .selfSigned(extraNames: []),
        publicEndpoint: String? = nil,
        durability: StoreConfiguration.Durability = .durable,
        logLevel: Logger.Level = .info,
        defaultPageSize: Int = 100,
        maximumExaminedDocumentsPerPage: Int = 100_000
    ) {
        self.host = host
        self.port = port
        self.dataPath = dataPath
        self.masterKey = masterKey
        self.tls = tls
        self.publicEndpoint = publicEndpoint
        self.durability = durability
        self.logLevel = logLevel
        self.defaultPageSize = defaultPageSize
        self.maximumExaminedDocumentsPerPage = maximumExaminedDocumentsPerPage
    }

    /// `localhost`: one socket on 127.0.0.1 and one on ::1.
    var listensOnBothLoopbacks: Bool {
        self.host.lowercased() == "localhost"
    }

    var usesTLS: Bool {
        if case .disabled = self.tls { return false }
        return true
    }
}
