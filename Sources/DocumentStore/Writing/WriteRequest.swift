import LMDB

/// One caller's work, queued for the writer thread.
///
/// The body may run more than once (when the map fills, the whole group is re-run after it grows), so it must have no
/// effect outside the transaction and the session; the result it produces is delivered only after the commit that
/// carries it is durable.
// @unchecked Sendable: the writer thread sets `result` before calling `completion`; the caller reads the result only
// through `completion`, so the two never touch it at the same time.
final class WriteRequest: @unchecked Sendable {
    typealias Body = @Sendable (borrowing WriteTransaction, inout WriteSession) throws -> any Sendable

    let body: Body
    /// Run in a nested transaction of its own, so that its failure undoes its partial writes. Bodies that throw only
    /// before their first write (single-document operations) skip that cost.
    let isolated: Bool
    private let completion: @Sendable (Result<any Sendable, any Error>) -> Void

    init(isolated: Bool, body: @escaping Body, completion: @escaping @Sendable (Result<any Sendable, any Error>) -> Void) {
        self.isolated = isolated
        self.body = body
        self.completion = completion
    }

    func complete(_ result: Result<any Sendable, any Error>) {
        self.completion(result)
    }
}
