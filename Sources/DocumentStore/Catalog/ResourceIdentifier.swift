/// Cosmos-style resource ids (`_rid`): base64 of 4 bytes for a database, 8 for a container (its database's 4 plus
/// its own 4) and 16 for a document (its container's 8 plus its own 8), with `/` written as `-` so that they are
/// safe in paths.
public enum ResourceIdentifier {
    public static func database(_ number: UInt32) -> String {
        ASCIIComposer.string(capacity: 8) { self.appendDatabase(number, to: &$0) }
    }

    public static func container(database: UInt32, container: UInt32) -> String {
        ASCIIComposer.string(capacity: 12) { self.appendContainer(database: database, container: container, to: &$0) }
    }

    public static func document(database: UInt32, container: UInt32, document: UInt64) -> String {
        ASCIIComposer.string(capacity: 24) { self.appendDocument(database: database, container: container, document: document, to: &$0) }
    }

    static func appendDatabase(_ number: UInt32, to composer: inout ASCIIComposer) {
        withUnsafeBytes(of: number.bigEndian) { composer.appendResourceBase64($0) }
    }

    static func appendContainer(database: UInt32, container: UInt32, to composer: inout ASCIIComposer) {
        withUnsafeBytes(of: (database.bigEndian, container.bigEndian)) { composer.appendResourceBase64($0) }
    }

    static func appendDocument(database: UInt32, container: UInt32, document: UInt64, to composer: inout ASCIIComposer) {
        withUnsafeBytes(of: (database.bigEndian, container.bigEndian, document.bigEndian)) { composer.appendResourceBase64($0) }
    }
}
