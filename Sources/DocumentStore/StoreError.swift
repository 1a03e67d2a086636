/// An error from the document store: a stable code, a message written for the person who sent the request, and the
/// lower-level error behind it when there is one.
///
/// Codes are a struct around a private enum (new codes can be added without breaking callers); match with
/// `error.code == .conflict`.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Wrapped: String, Sendable, Hashable {
            case badRequest, notFound, conflict, preconditionFailed, documentTooLarge, storageFull, unavailable, internalError
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// The input is invalid (malformed JSON, a bad id, a partition key mismatch, a bad TTL, ...).
        public static let badRequest = Code(.badRequest)
        /// The database, container or document does not exist (or has expired).
        public static let notFound = Code(.notFound)
        /// A resource with that identity (or unique key value) already exists.
        public static let conflict = Code(.conflict)
        /// An etag condition did not hold.
        public static let preconditionFailed = Code(.preconditionFailed)
        /// The document is larger than ``DocumentLimits/maximumBodySize``.
        public static let documentTooLarge = Code(.documentTooLarge)
        /// The store reached its maximum map size.
        public static let storageFull = Code(.storageFull)
        /// The store is closing or closed.
        public static let unavailable = Code(.unavailable)
        /// Something failed that the caller could not have caused (an I/O error, a damaged file).
        public static let internalError = Code(.internalError)

        public var description: String { self.wrapped.rawValue }
    }

    public let code: Code
    public let message: String
    public let underlying: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        if let underlying {
            return "\(self.code): \(self.message) (\(underlying))"
        }
        return "\(self.code): \(self.message)"
    }
}
