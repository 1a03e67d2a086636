import CosmosSQL
import DocumentStore
import JSON
import QueryEngine

/// An error answered to a client: HTTP status, a Cosmos error code and a message, written as
/// `{"code": "...", "message": "..."}`. Only the gateway knows HTTP; every lower error maps here.
struct CosmosError: Error, Sendable {
    let status: Int
    let code: String
    let message: String

    init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static func badRequest(_ message: String) -> CosmosError { CosmosError(status: 400, code: "BadRequest", message: message) }
    static func notFound(_ message: String) -> CosmosError { CosmosError(status: 404, code: "NotFound", message: message) }
    static func unauthorized(_ message: String) -> CosmosError { CosmosError(status: 401, code: "Unauthorized", message: message) }
    static func tooLarge(_ message: String) -> CosmosError {
        CosmosError(status: 413, code: "RequestEntityTooLarge", message: message)
    }

    /// The answer for any error thrown while handling a request.
    init(_ error: any Error) {
        switch error {
        case let error as CosmosError:
            self = error
        case let error as StoreError:
            switch error.code {
            case .badRequest: self = .badRequest(error.message)
            case .notFound: self = .notFound(error.message)
            case .conflict: self.init(status: 409, code: "Conflict", message: error.message)
            case .preconditionFailed: self.init(status: 412, code: "PreconditionFailed", message: error.message)
            case .documentTooLarge: self = .tooLarge(error.message)
            case .storageFull: self.init(status: 507, code: "InsufficientStorage", message: error.message)
            case .unavailable: self.init(status: 503, code: "ServiceUnavailable", message: error.message)
            default: self.init(status: 500, code: "InternalServerError", message: error.message)
            }
        case let error as QueryError:
            if let span = error.syntaxSpan {
                // The service's shape: a JSON list of errors with the offending token's extent, carried in the
                // message; SC1002 when the query ended too soon (start and end are then its length).
                let detail: JSONValue = [
                    "errors": [[
                        "severity": "Error",
                        "location": ["start": .integer(Int64(span.lowerBound)), "end": .integer(Int64(span.upperBound))],
                        "code": .string(error.endsTooSoon ? "SC1002" : "SC1001"),
                        "message": .string(error.message),
                    ]],
                ]
                self = .badRequest(JSONWriter.string(from: detail))
            } else {
                self = .badRequest(error.description)
            }
        case let error as JSONSyntaxError:
            self = .badRequest("The request body is not valid JSON: \(error)")
        default:
            self.init(status: 500, code: "InternalServerError", message: "\(error)")
        }
    }

    var body: [UInt8] {
        JSONWriter.bytes(from: ["code": .string(self.code), "message": .string(self.message)])
    }
}
