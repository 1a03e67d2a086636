import DocumentStore
import JSON

/// Which stored document an input document would become: its partition key values and its id (or, without an `id`,
/// the string at the container's id source path). Two inputs with the same identity write the same document.
///
/// It must never call two documents the same that the store keeps apart (the earlier one would not be written), so it
/// is at least as fine as the store's: values are compared as exact JSON text and strings by their Unicode scalars.
struct DocumentIdentity: Sendable {
    let partitionKeyPaths: [[String]]
    let idSourcePath: [String]?

    init(partitionKeyPaths: [[String]], idSourcePath: String?) {
        self.partitionKeyPaths = partitionKeyPaths
        self.idSourcePath = idSourcePath.flatMap(JSONPath.segments(of:))
    }

    /// The identity of a parsed document, or `nil` when it has none the store would accept (not an object, or no
    /// string id): such a document is written as it comes, and the store says what is wrong with it.
    func digest(of document: JSONValue) -> Digest128? {
        guard case .object = document else { return nil }
        let id: String
        switch document["id"] {
        case .string(let text)?:
            id = text
        case nil:
            guard let idSourcePath, case .string(let text)? = JSONPath.value(at: idSourcePath, in: document) else { return nil }
            id = text
        default:
            return nil
        }
        // Each key value is tagged, so that a missing value (undefined) differs from every JSON value.
        var key: [UInt8] = []
        for path in self.partitionKeyPaths {
            if let value = JSONPath.value(at: path, in: document) {
                key.append(UInt8(ascii: "v"))
                key += JSONWriter.bytes(from: value)
            } else {
                key.append(UInt8(ascii: "u"))
            }
            key.append(0)
        }
        key += id.utf8  // the scalars as written: no Unicode normalization
        return Digest128(of: key)
    }
}
