/// Rules for the user-chosen ids of databases, containers and documents.
public enum ResourceName {
    /// The longest document id, in UTF-8 bytes.
    public static let maximumDocumentIDBytes = 1023
    /// The longest database or container id, in characters.
    public static let maximumNameLength = 255

    /// Checks a document id: 1 to 1,023 UTF-8 bytes, none of `/ \ # ?`, not `.` or `..`.
    public static func validateDocumentID(_ id: String) throws(StoreError) {
        let length = id.utf8.count
        guard length > 0 else {
            throw StoreError(.badRequest, "the document id must not be empty")
        }
        try self.refuseDotSegment(id, kind: "document")
        guard length <= self.maximumDocumentIDBytes else {
            throw StoreError(.badRequest, "the document id is \(length) bytes long; the limit is \(self.maximumDocumentIDBytes)")
        }
        // The forbidden characters are ASCII, so a byte scan finds them (UTF-8 never uses ASCII bytes inside a
        // multi-byte sequence); this runs on every write.
        if let bad = id.utf8.first(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") }) {
            throw StoreError(.badRequest, "the document id must not contain '\(UnicodeScalar(bad))' (ids may not contain / \\ # ?)")
        }
    }

    /// Checks a database or container id: 1 to 255 characters, none of `/ \ # ?`, no control characters, not ending
    /// in a space, not `.` or `..`.
    public static func validateName(_ name: String, kind: String) throws(StoreError) {
        guard !name.isEmpty else {
            throw StoreError(.badRequest, "the \(kind) id must not be empty")
        }
        try self.refuseDotSegment(name, kind: kind)
        guard name.count <= self.maximumNameLength else {
            throw StoreError(.badRequest, "the \(kind) id is longer than \(self.maximumNameLength) characters")
        }
        if let bad = name.unicodeScalars.first(where: { "/\\#?".unicodeScalars.contains($0) || $0.value < 0x20 }) {
            throw StoreError(.badRequest, "the \(kind) id must not contain '\(bad.escaped(asASCII: true))'")
        }
        if name.hasSuffix(" ") {
            throw StoreError(.badRequest, "the \(kind) id must not end with a space")
        }
    }

    /// `.` and `..` cannot be addressed: HTTP clients resolve them as path segments (RFC 3986, section 5.2.4), so
    /// `.../docs/..` reaches the server as the container's path, signed for another link. Refused when written, like
    /// `/`, instead of making a resource no request can read, replace or delete.
    private static func refuseDotSegment(_ id: String, kind: String) throws(StoreError) {
        if id == "." || id == ".." {
            throw StoreError(.badRequest, "the \(kind) id must not be '\(id)': HTTP clients resolve it as a path segment, so it could not be addressed")
        }
    }
}
