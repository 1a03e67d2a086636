import CosmosClient
import HTTPDates
import JSON

/// Composes signed Cosmos REST requests as bytes for a ``LoopbackConnection``: the same headers the SDKs and
/// `CosmosRESTClient` send (`x-ms-date`, `x-ms-version`, the master-key signature, the partition key), each request
/// signed with the date of the second it is composed in. The signature covers only the verb, the resource link and
/// the date, so requests to the same link within one second share it (``SignatureCache``): the load generator then
/// spends its CPU on requests, not on HMACs.
struct CosmosRequestComposer {
    let signer: MasterKeySigner
    let host: String
    let database: String
    let container: String
    private let signature: SignatureCache

    init(signer: MasterKeySigner, host: String, database: String, container: String) {
        self.signer = signer
        self.host = host
        self.database = database
        self.container = container
        self.signature = SignatureCache(signer: signer)
    }

    private var containerLink: String { "dbs/\(self.database)/colls/\(self.container)" }

    /// `POST .../docs` with `x-ms-documentdb-is-upsert` and `Prefer: return=minimal` (no body in the answer).
    func upsert(document: [UInt8], partitionKey: String) -> [UInt8] {
        self.compose("POST", path: "/\(self.containerLink)/docs", link: self.containerLink, headers: [
            ("x-ms-documentdb-partitionkey", Self.partitionKeyHeader(partitionKey)), ("x-ms-documentdb-is-upsert", "True"),
            ("Prefer", "return=minimal"), ("Content-Type", "application/json"),
        ], body: document)
    }

    /// `GET .../docs/{id}` with the partition key.
    func read(id: String, partitionKey: String) -> [UInt8] {
        let link = "\(self.containerLink)/docs/\(id)"
        return self.compose("GET", path: "/" + link, link: link, headers: [("x-ms-documentdb-partitionkey", Self.partitionKeyHeader(partitionKey))],
                            body: [])
    }

    /// A query page as the SDKs ask for it across partitions, with no page size (the server picks it).
    func query(_ text: String, parameters: [String: JSONValue], continuation: String?) -> [UInt8] {
        var headers = [
            ("x-ms-documentdb-isquery", "True"), ("Content-Type", "application/query+json"),
            ("x-ms-documentdb-query-enablecrosspartition", "True"),
        ]
        if let continuation { headers.append(("x-ms-continuation", continuation)) }
        let body: JSONValue = [
            "query": .string(text),
            "parameters": .array(parameters.sorted { $0.key < $1.key }.map { ["name": .string($0.key), "value": $0.value] }),
        ]
        return self.compose("POST", path: "/\(self.containerLink)/docs", link: self.containerLink, headers: headers,
                            body: JSONWriter.bytes(from: body))
    }

    private func compose(_ method: String, path: String, link: String, headers: [(String, String)], body: [UInt8]) -> [UInt8] {
        let (date, authorization) = self.signature.value(verb: method, link: link)
        var request: [UInt8] = []
        request.reserveCapacity(512 + body.count)
        for part in [method, " ", path, " HTTP/1.1\r\nHost: ", self.host, "\r\nauthorization: ", authorization, "\r\nx-ms-date: ", date,
                     "\r\nx-ms-version: 2020-07-15\r\nAccept: application/json\r\n"] {
            request.append(contentsOf: part.utf8)
        }
        for (name, value) in headers {
            request.append(contentsOf: name.utf8)
            request.append(contentsOf: ": ".utf8)
            request.append(contentsOf: value.utf8)
            request.append(contentsOf: "\r\n".utf8)
        }
        request.append(contentsOf: "Content-Length: \(body.count)\r\n\r\n".utf8)
        request.append(contentsOf: body)
        return request
    }

    private static func partitionKeyHeader(_ value: String) -> String {
        JSONWriter.string(from: .array([.string(value)]))
    }
}
