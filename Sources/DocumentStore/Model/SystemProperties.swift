public import JSON

/// The properties the store adds to every document it returns, and the names reserved for them.
public enum SystemProperties {
    /// Top-level names the store owns: incoming values are dropped, outgoing ones are generated.
    public static let reservedNames: Set<String> = ["_rid", "_self", "_etag", "_ts", "_attachments", "_lsn"]

    /// `"<container>-0000-0000-<lsn>"` in the quoted GUID shape Cosmos uses; unique per container and change.
    public static func etag(container: UInt32, lsn: UInt64) -> String {
        "\"" + hex(UInt64(container), digits: 8) + "-0000-0000-" + hex(lsn >> 48, digits: 4) + "-"
            + hex(lsn & 0xFFFF_FFFF_FFFF, digits: 12) + "\""
    }

    /// Writes `body` (a JSON object) followed by the system properties, before its closing brace.
    public static func write(
        body: UnsafeRawBufferPointer,
        databaseNumber: UInt32,
        containerNumber: UInt32,
        sequenceNumber: UInt64,
        lsn: UInt64,
        timestampMillis: Int64,
        to writer: inout JSONWriter
    ) {
        // The body is a minified object: everything up to its final '}' is kept, then the properties follow.
        let hasMembers = body.count > 2
        writer.writeRaw(UnsafeRawBufferPointer(rebasing: body[0..<(body.count - 1)]))
        if hasMembers { writer.writeByte(UInt8(ascii: ",")) }
        let databaseRID = ResourceIdentifier.database(databaseNumber)
        let containerRID = ResourceIdentifier.container(database: databaseNumber, container: containerNumber)
        let documentRID = ResourceIdentifier.document(database: databaseNumber, container: containerNumber, document: sequenceNumber)
        writer.writeRaw("\"_rid\":")
        writer.writeString(documentRID)
        writer.writeRaw(",\"_self\":")
        writer.writeString("dbs/\(databaseRID)/colls/\(containerRID)/docs/\(documentRID)/")
        writer.writeRaw(",\"_etag\":")
        writer.writeString(self.etag(container: containerNumber, lsn: lsn))
        writer.writeRaw(",\"_attachments\":\"attachments/\",\"_ts\":")
        writer.writeInteger(timestampMillis / 1000)
        writer.writeByte(UInt8(ascii: "}"))
    }

    static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
