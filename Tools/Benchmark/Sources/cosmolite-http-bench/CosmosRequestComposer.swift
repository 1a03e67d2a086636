import CosmosClient
import HTTPDates
import JSON

/// Composes signed Cosmos REST requests as bytes for a ``LoopbackConnection``: the same headers the SDKs and
/// `CosmosRESTClient` send (`x-ms-date`, `x-ms-version`, the master-key signature, the partition key), and each
/// request signed with the date of the second it is composed in.
struct CosmosRequestComposer {
    let signer: MasterKeySigner
    let host: String
    let database: String
    let container: String

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
        let date = HTTPDate.now()
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(self.host)\r\n"
        head += "authorization: \(self.signer.authorization(verb: method, resourceType: "docs", resourceLink: link, date: date))\r\n"
        head += "x-ms-date: \(date)\r\nx-ms-version: 2020-07-15\r\nAccept: application/json\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        var request = Array(head.utf8)
        request.append(contentsOf: body)
        return request
    }

    private static func partitionKeyHeader(_ value: String) -> String {
        JSONWriter.string(from: .array([.string(value)]))
    }
}
