import AsyncHTTPClient
import Foundation
import HTTPDates
public import JSON
import NIOCore
import NIOHTTP1
import NIOSSL

/// A small client for the Cosmos DB NoSQL REST API (Cosmolite's or Azure's): master-key signing, databases,
/// containers, upserts, point reads, transactional batches and paged queries. The pipeline tools and the HTTP
/// benchmark use it; applications normally use an official SDK.
public final class CosmosRESTClient: Sendable {
    /// A non-2xx answer: the status and the server's `{"code", "message"}` body.
    public struct ResponseError: Error, Sendable, CustomStringConvertible {
        public let status: Int
        public let body: String
        public var description: String { "HTTP \(self.status): \(self.body)" }
    }

    /// One page of a query as the server sent it: the body is not parsed, so that a caller timing the server (or
    /// streaming rows on) pays nothing for rows it does not look at.
    public struct QueryPage: Sendable {
        /// The whole response body: `{"_rid": ..., "Documents": [...], "_count": n}`.
        public let body: [UInt8]
        /// Rows on the page, from `x-ms-item-count` (`nil` when the server did not send it).
        public let itemCount: Int?
        /// The continuation for the next page; `nil` on the last page.
        public let continuation: String?
    }

    public let endpoint: String
    private let signer: MasterKeySigner
    private let http: HTTPClient

    /// - Parameters:
    ///   - endpoint: e.g. `https://localhost:8081/`.
    ///   - key: the account master key (base64).
    ///   - verifiesCertificates: `false` to accept self-signed certificates (as the SDKs do for localhost).
    ///   - connections: the most connections kept open to the server (concurrent requests beyond it queue).
    public init(endpoint: String, key: String, verifiesCertificates: Bool = false, connections: Int = 64) throws {
        self.signer = try MasterKeySigner(key: key)
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        var tls = TLSConfiguration.makeClientConfiguration()
        if !verifiesCertificates { tls.certificateVerification = .none }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10), read: .seconds(120))
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Closes the connections; call once when done.
    public func shutdown() async throws {
        try await self.http.shutdown()
    }

    // MARK: Operations

    /// Whether `GET /ready` answers 200 (the store is open and readable); needs no credentials. Throws when nothing
    /// listens yet.
    public func isReady() async throws -> Bool {
        try await self.unauthenticatedGet("ready").status == 200
    }

    /// Whether `GET /health` answers 200 (the process serves HTTP); needs no credentials.
    public func isHealthy() async throws -> Bool {
        try await self.unauthenticatedGet("health").status == 200
    }

    /// Cosmolite's `GET /metrics` (Prometheus text: request counts and durations, commits and their sizes); needs no
    /// credentials.
    public func metrics() async throws -> String {
        let (status, body) = try await self.unauthenticatedGet("metrics")
        guard status == 200 else { throw ResponseError(status: status, body: body.text) }
        return body.text
    }

    // MARK: Resources

    public func createDatabaseIfNeeded(_ id: String) async throws {
        let (status, body) = try await self.send(.POST, path: "dbs", type: "dbs", link: "", body: JSONWriter.bytes(from: ["id": .string(id)]))
        guard status == 201 || status == 409 else { throw ResponseError(status: status, body: body.text) }
    }

    /// Creates a container from its Cosmos JSON definition unless it exists.
    public func createContainerIfNeeded(database: String, definition: JSONValue, throughput: Int? = nil) async throws {
        var headers: [(String, String)] = []
        if let throughput { headers.append(("x-ms-offer-throughput", String(throughput))) }
        let (status, body) = try await self.send(.POST, path: "dbs/\(Self.escape(database))/colls", type: "colls", link: "dbs/\(database)",
                                                 headers: headers, body: JSONWriter.bytes(from: definition))
        guard status == 201 || status == 409 else { throw ResponseError(status: status, body: body.text) }
    }

    /// The container's definition (with system properties).
    public func container(database: String, id: String) async throws -> JSONValue {
        let (status, body) = try await self.send(.GET, path: "dbs/\(Self.escape(database))/colls/\(Self.escape(id))", type: "colls",
                                                 link: "dbs/\(database)/colls/\(id)")
        guard status == 200 else { throw ResponseError(status: status, body: body.text) }
        return try JSONReader.parse(body)
    }

    // MARK: Documents

    /// Upserts one document; answers the HTTP status (201 created, 200 replaced or unchanged).
    @discardableResult
    public func upsert(database: String, container: String, document: [UInt8], partitionKey: JSONValue) async throws -> Int {
        try await self.upsertAnswer(database: database, container: container, document: document, partitionKey: partitionKey).status
    }

    /// Upserts one document and answers what it did. Cosmolite says so in `x-ms-cosmolite-write-outcome` (an equal
    /// body changes nothing: ``WriteOutcome/unchanged``); without that header (Azure Cosmos DB, which stores every
    /// upsert as a new version) 201 is ``WriteOutcome/created`` and 200 ``WriteOutcome/replaced``.
    public func upsertReportingOutcome(database: String, container: String, document: [UInt8], partitionKey: JSONValue) async throws -> WriteOutcome {
        let (status, headers) = try await self.upsertAnswer(database: database, container: container, document: document, partitionKey: partitionKey)
        if let reported = headers.first(name: WriteOutcome.headerName).flatMap(WriteOutcome.init(rawValue:)) {
            return reported
        }
        return status == 201 ? .created : .replaced
    }

    private func upsertAnswer(database: String, container: String, document: [UInt8], partitionKey: JSONValue) async throws -> (status: Int, headers: HTTPHeaders) {
        let (status, body, headers) = try await self.sendReturningHeaders(
            .POST, path: self.documentsPath(database, container), type: "docs", link: "dbs/\(database)/colls/\(container)",
            headers: [("x-ms-documentdb-partitionkey", JSONWriter.string(from: partitionKey)), ("x-ms-documentdb-is-upsert", "True"),
                      ("Prefer", "return=minimal")],
            body: document
        )
        guard status == 200 || status == 201 else { throw ResponseError(status: status, body: body.text) }
        return (status, headers)
    }

    /// Reads one document by id and partition key: its JSON with system properties, or `nil` when it does not exist.
    public func read(database: String, container: String, id: String, partitionKey: JSONValue) async throws -> [UInt8]? {
        let (status, body) = try await self.send(
            .GET, path: self.documentsPath(database, container) + "/" + Self.escape(id), type: "docs",
            link: "dbs/\(database)/colls/\(container)/docs/\(id)",
            headers: [("x-ms-documentdb-partitionkey", JSONWriter.string(from: partitionKey))]
        )
        if status == 404 { return nil }
        guard status == 200 else { throw ResponseError(status: status, body: body.text) }
        return body
    }

    /// Runs a transactional batch of upserts on one partition; answers each operation's status.
    public func batchUpsert(database: String, container: String, documents: [[UInt8]], partitionKey: JSONValue) async throws -> [Int] {
        var writer = JSONWriter(reservingCapacity: documents.reduce(2) { $0 + $1.count + 48 })
        writer.writeByte(UInt8(ascii: "["))
        for (index, document) in documents.enumerated() {
            if index > 0 { writer.writeByte(UInt8(ascii: ",")) }
            writer.writeRaw(#"{"operationType":"Upsert","resourceBody":"#)
            writer.writeRaw(document)
            writer.writeByte(UInt8(ascii: "}"))
        }
        writer.writeByte(UInt8(ascii: "]"))
        let (status, body) = try await self.send(
            .POST, path: self.documentsPath(database, container), type: "docs", link: "dbs/\(database)/colls/\(container)",
            headers: [("x-ms-documentdb-partitionkey", JSONWriter.string(from: partitionKey)), ("x-ms-cosmos-is-batch-request", "True"),
                      ("x-ms-cosmos-batch-atomic", "True")],
            body: writer.bytes
        )
        guard status == 200 || status == 207 else { throw ResponseError(status: status, body: body.text) }
        guard case .array(let results) = try JSONReader.parse(body) else { throw ResponseError(status: status, body: body.text) }
        return results.map { Int($0["statusCode"]?.integerValue ?? 0) }
    }

    /// One page of a query: its rows (as JSON values) and the continuation, `nil` on the last page.
    public func query(
        database: String,
        container: String,
        query: String,
        parameters: [String: JSONValue] = [:],
        partitionKey: JSONValue? = nil,
        maxItemCount: Int = 1000,
        continuation: String? = nil
    ) async throws -> (rows: [JSONValue], continuation: String?) {
        let page = try await self.queryPage(database: database, container: container, query: query, parameters: parameters,
                                            partitionKey: partitionKey, maxItemCount: maxItemCount, continuation: continuation)
        guard case .array(let rows)? = try JSONReader.parse(page.body)["Documents"] else {
            throw ResponseError(status: 200, body: "the response has no Documents array")
        }
        return (rows, page.continuation)
    }

    /// One page of a query with each row's JSON text exactly as the server sent it: nothing is decoded and encoded
    /// again, so numbers keep every digit (an integer beyond 64 bits, say) and members their order.
    public func queryRows(
        database: String,
        container: String,
        query: String,
        parameters: [String: JSONValue] = [:],
        partitionKey: JSONValue? = nil,
        maxItemCount: Int = 1000,
        continuation: String? = nil
    ) async throws -> (rows: [[UInt8]], continuation: String?) {
        let page = try await self.queryPage(database: database, container: container, query: query, parameters: parameters,
                                            partitionKey: partitionKey, maxItemCount: maxItemCount, continuation: continuation)
        let rows = page.body.withUnsafeBytes { text -> [[UInt8]]? in
            // The scanner expects valid JSON; check it first without building values.
            guard (try? JSONReader.validate(text)) != nil, let documents = JSONScanner.member(named: "Documents", in: text),
                  documents.count >= 2, text[documents.lowerBound] == UInt8(ascii: "[")
            else { return nil }
            var rows: [[UInt8]] = []
            JSONScanner.forEachElement(in: text, arrayAt: documents.lowerBound) { range in
                rows.append(Array(UnsafeRawBufferPointer(rebasing: text[range])))
                return true
            }
            return rows
        }
        guard let rows else { throw ResponseError(status: 200, body: "the response has no Documents array") }
        return (rows, page.continuation)
    }

    /// One page of a query, unparsed, with the headers the SDKs send: `x-ms-documentdb-isquery`,
    /// `application/query+json`, `x-ms-documentdb-query-enablecrosspartition` and the partition key when given.
    /// - Parameter maxItemCount: the page size; `nil` sends none (the SDK's default), so the server picks it.
    public func queryPage(
        database: String,
        container: String,
        query: String,
        parameters: [String: JSONValue] = [:],
        partitionKey: JSONValue? = nil,
        maxItemCount: Int? = nil,
        continuation: String? = nil
    ) async throws -> QueryPage {
        var headers: [(String, String)] = [
            ("x-ms-documentdb-isquery", "True"), ("Content-Type", "application/query+json"),
            ("x-ms-documentdb-query-enablecrosspartition", "True"),
        ]
        if let maxItemCount { headers.append(("x-ms-max-item-count", String(maxItemCount))) }
        if let partitionKey { headers.append(("x-ms-documentdb-partitionkey", JSONWriter.string(from: partitionKey))) }
        if let continuation { headers.append(("x-ms-continuation", continuation)) }
        let body: JSONValue = [
            "query": .string(query),
            "parameters": .array(parameters.sorted { $0.key < $1.key }.map { ["name": .string($0.key), "value": $0.value] }),
        ]
        let (status, responseBody, responseHeaders) = try await self.sendReturningHeaders(
            .POST, path: self.documentsPath(database, container), type: "docs", link: "dbs/\(database)/colls/\(container)",
            headers: headers, body: JSONWriter.bytes(from: body)
        )
        guard status == 200 else { throw ResponseError(status: status, body: responseBody.text) }
        return QueryPage(
            body: responseBody,
            itemCount: responseHeaders.first(name: "x-ms-item-count").flatMap { Int($0) },
            continuation: responseHeaders.first(name: "x-ms-continuation").flatMap { $0.isEmpty ? nil : $0 }
        )
    }

    /// Every row of a query, page by page.
    public func queryAll(database: String, container: String, query: String, parameters: [String: JSONValue] = [:]) async throws -> [JSONValue] {
        var rows: [JSONValue] = []
        var continuation: String?
        repeat {
            let page = try await self.query(database: database, container: container, query: query, parameters: parameters,
                                            continuation: continuation)
            rows += page.rows
            continuation = page.continuation
        } while continuation != nil
        return rows
    }

    // MARK: Transport

    private func documentsPath(_ database: String, _ container: String) -> String {
        "dbs/\(Self.escape(database))/colls/\(Self.escape(container))/docs"
    }

    /// A `GET` on an operations path (`health`, `ready`, `metrics`), sent without a signature: status and body.
    private func unauthenticatedGet(_ path: String) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: "\(self.endpoint)/\(path)")
        request.method = .GET
        let response = try await self.http.execute(request, timeout: .seconds(10))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), Array(buffer: buffer))
    }

    private func send(
        _ method: HTTPMethod,
        path: String,
        type: String,
        link: String,
        headers: [(String, String)] = [],
        body: [UInt8]? = nil
    ) async throws -> (Int, [UInt8]) {
        let (status, body, _) = try await self.sendReturningHeaders(method, path: path, type: type, link: link, headers: headers, body: body)
        return (status, body)
    }

    private func sendReturningHeaders(
        _ method: HTTPMethod,
        path: String,
        type: String,
        link: String,
        headers: [(String, String)],
        body: [UInt8]?
    ) async throws -> (Int, [UInt8], HTTPHeaders) {
        var request = HTTPClientRequest(url: "\(self.endpoint)/\(path)")
        request.method = method
        let date = HTTPDate.now()
        request.headers.add(name: "authorization", value: self.signer.authorization(verb: method.rawValue, resourceType: type,
                                                                                     resourceLink: link, date: date))
        request.headers.add(name: "x-ms-date", value: date)
        request.headers.add(name: "x-ms-version", value: "2020-07-15")
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            if !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
                request.headers.add(name: "Content-Type", value: "application/json")
            }
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await self.http.execute(request, timeout: .seconds(120))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Array(buffer: buffer), response.headers)
    }

    private static func escape(_ segment: String) -> String {
        PercentEncoding.encode(segment, allowing: PercentEncoding.pathSegment)
    }
}

extension Array where Element == UInt8 {
    fileprivate var text: String { String(decoding: self, as: UTF8.self) }
}
