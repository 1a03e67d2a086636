import DocumentStore
import Foundation
import HTTPTypes
import Hummingbird
import JSON
import Logging
import NIOCore
import NIOHTTP1

/// The HTTP entry point: health and metrics without authentication; everything else authenticated, size-checked,
/// routed, and answered with the Cosmos headers; every error becomes a Cosmos error response (never a crash).
struct CosmosResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let store: DocumentStore
    let configuration: GatewayConfiguration
    let authenticator: MasterKeyAuthenticator
    let metrics: GatewayMetrics
    let logger: Logger

    /// The largest request body accepted, in bytes on the wire (2 MiB, as the service allows).
    static let maximumBodySize = 2 * 1024 * 1024

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let activityID = request.headers.fieldValue(.activityID) ?? ActivityID.next()
        var operation = "Unknown"
        var response: CosmosResponse
        switch (request.method, request.uri.path) {
        case (.get, "/health"):
            return Self.plain(.json(200, ["status": "ok"]))
        case (.get, "/ready"):
            // Ready: the store takes writes (not closed) and its catalog can be read.
            let ready = self.store.isOpen && (try? self.store.databases()) != nil
            return Self.plain(.json(ready ? 200 : 503, ["status": ready ? "ready" : "unavailable"]))
        case (.get, "/metrics"):
            if let count = try? await self.store.read({ snapshot in
                try snapshot.catalog.allContainers.reduce(Int64(0)) { $0 + (try snapshot.documentCount(in: $1)) }
            }) {
                self.metrics.setDocumentCount(count)
            }
            var metricsResponse = CosmosResponse(status: 200, body: self.metrics.render())
            metricsResponse.add(.contentType, "text/plain; version=0.0.4")
            return Self.plain(metricsResponse)
        default:
            do {
                let cosmos = try await self.cosmosRequest(request)
                operation = RequestDispatcher.operation(of: cosmos)
                response = try await RequestDispatcher(store: self.store, configuration: self.configuration).dispatch(cosmos)
            } catch let error as HTTPParserError {
                // The body broke HTTP/1.1 framing (a bad chunk size, say): the connection cannot carry an answer in
                // sync, so the HTTP layer answers 400 and closes it.
                throw error
            } catch {
                let failure = CosmosError(error)
                if failure.status >= 500 {
                    self.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
                }
                response = CosmosResponse(status: failure.status, body: failure.body)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        self.metrics.recordRequest(operation: operation, status: response.status, seconds: seconds)
        self.logger.debug("request", metadata: [
            "method": "\(request.method)", "path": "\(request.uri.path)", "operation": "\(operation)", "status": "\(response.status)",
            "ms": "\(Int(seconds * 1000))",
        ])
        response.add(.activityID, activityID)
        if !response.headers.contains(where: { $0.0 == .requestCharge }) {
            response.add(.requestCharge, "1.00")
        }
        response.add(.serviceVersion, "version=2.14.0.0")
        return Self.plain(response)
    }

    /// Authenticates, parses the path, and reads the body within the size limit.
    ///
    /// Authentication comes before routing, in this order: a request without a master-key `authorization` header
    /// (missing, another token type, no `sig`) is 401 whatever its path; a signed request whose path cannot be decoded
    /// (empty segment, bad escape) is 400, since no signed link can be computed for it; then the signature is checked
    /// against the path's type and link (401 when it does not match); only an authenticated request learns whether its
    /// path names anything (404) or whether its body is too large (413).
    private func cosmosRequest(_ request: Request) async throws -> CosmosRequest {
        let credential = try self.authenticator.credential(from: request.headers.fieldValue(.authorization))
        let signed = try SignedResource(rawPath: request.uri.path)
        try self.authenticator.verify(
            credential,
            verb: request.method.rawValue,
            resourceType: signed.type,
            resourceLink: signed.link,
            msDate: request.headers.fieldValue(.msDate),
            date: request.headers.fieldValue(.date)
        )
        let path = try ResourcePath(signed, rawPath: request.uri.path)
        if let length = request.headers.fieldValue(.contentLength).flatMap({ Int($0) }), length > Self.maximumBodySize {
            throw CosmosError.tooLarge("Request size is too large: \(length) bytes; the limit is \(Self.maximumBodySize) bytes (2 MiB).")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maximumBodySize)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw CosmosError.tooLarge("Request size is too large; the limit is \(Self.maximumBodySize) bytes (2 MiB).")
        }
        let scheme = self.configuration.usesTLS ? "https" : "http"
        let host = request.head.authority ?? "\(self.configuration.host):\(self.configuration.port)"
        return CosmosRequest(
            method: request.method,
            path: path,
            headers: request.headers,
            body: Array(buffer: body),
            endpoint: self.configuration.publicEndpoint ?? "\(scheme)://\(host)/"
        )
    }

    private static func plain(_ response: CosmosResponse) -> Response {
        var headers = HTTPFields()
        for (name, value) in response.headers {
            headers.append(HTTPField(name: name, value: value))
        }
        if !response.body.isEmpty && headers[.contentType] == nil {
            headers[.contentType] = "application/json"
        }
        return Response(
            status: HTTPResponse.Status(code: response.status),
            headers: headers,
            body: response.body.isEmpty ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: response.body))
        )
    }
}
