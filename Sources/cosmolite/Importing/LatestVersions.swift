import JSON

/// The last version of each document in an import, found by reading every input once before anything is written.
///
/// Only that version is written. Writing every version in turn would end in the same state, but an import run again
/// would then move each document back through its old versions (new `_etag`, `_ts` and change feed entries) instead of
/// changing nothing; and readers would briefly see old versions.
struct LatestVersions {
    /// What to do with one input document.
    enum Decision: Equatable {
        /// The last version of its document in this import, or a document without an identity: write it.
        case write
        /// A later input document of the same identity has this very body (a re-delivery): nothing to write.
        case duplicate
        /// A later input document of the same identity has another body, which wins: nothing to write.
        case superseded
    }

    private struct Latest {
        let ordinal: Int
        let body: Digest128
    }

    let identity: DocumentIdentity
    private var latest: [Digest128: Latest] = [:]

    init(identity: DocumentIdentity) {
        self.identity = identity
    }

    /// Notes the input document at `ordinal` (its place in the whole import, from 0), in input order.
    mutating func note(_ document: [UInt8], ordinal: Int) {
        guard let (identity, body) = self.digests(of: document) else { return }
        self.latest[identity] = Latest(ordinal: ordinal, body: body)
    }

    /// What to do with the input document at `ordinal`, once every input document has been noted.
    func decision(for document: [UInt8], ordinal: Int) -> Decision {
        guard let (identity, body) = self.digests(of: document), let latest = self.latest[identity], latest.ordinal > ordinal else {
            return .write
        }
        return latest.body == body ? .duplicate : .superseded
    }

    /// The identity and the body (minified, as the store compares bodies) of a document, `nil` without an identity.
    private func digests(of document: [UInt8]) -> (identity: Digest128, body: Digest128)? {
        guard let value = try? JSONReader.parse(document), let identity = self.identity.digest(of: value) else { return nil }
        let minified = document.withUnsafeBytes { JSONScanner.minified($0) }
        return (identity, Digest128(of: minified))
    }
}
