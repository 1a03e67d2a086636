public import JSON

/// The properties the store adds to every document it returns, and the names reserved for them.
public enum SystemProperties {
    /// Top-level names the store owns: incoming values are dropped, outgoing ones are generated.
    public static let reservedNames: Set<String> = ["_rid", "_self", "_etag", "_ts", "_attachments", "_lsn"]

    /// `"<container>-0000-0000-<lsn>"` in the quoted GUID shape Cosmos uses; unique per container and change.
    public static func etag(container: UInt32, lsn: UInt64) -> String {
        ASCIIComposer.string(capacity: 40) { self.appendEtag(container: container, lsn: lsn, quote: StaticString("\""), to: &$0) }
    }

    /// The etag's text between `quote`s (a bare `"` for the value, `\"` inside a JSON string).
    static func appendEtag(container: UInt32, lsn: UInt64, quote: StaticString, to composer: inout ASCIIComposer) {
        composer.append(quote)
        composer.appendHex(UInt64(container), digits: 8)
        composer.append("-0000-0000-")
        composer.appendHex(lsn >> 48, digits: 4)
        composer.append(UInt8(ascii: "-"))
        composer.appendHex(lsn & 0xFFFF_FFFF_FFFF, digits: 12)
        composer.append(quote)
    }

    /// Writes `body` (a JSON object) followed by the system properties, before its closing brace; `_lsn`, the
    /// position of the document's last change, only where the service shows it (change feed answers).
    ///
    /// This runs for every document a read or a query returns, so the properties are composed on the stack.
    public static func write(
        body: UnsafeRawBufferPointer,
        databaseNumber: UInt32,
        containerNumber: UInt32,
        sequenceNumber: UInt64,
        lsn: UInt64,
        timestampMillis: Int64,
        includingLSN: Bool = false,
        to writer: inout JSONWriter
    ) {
        // The body is a minified object: everything up to its final '}' is kept, then the properties follow. They
        // are composed first, so that the writer grows once, to the exact size.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 320) { storage in
            var text = ASCIIComposer(storage)
            if body.count > 2 { text.append(UInt8(ascii: ",")) }
            text.append(#""_rid":""#)
            let ridStart = text.count
            ResourceIdentifier.appendDocument(database: databaseNumber, container: containerNumber, document: sequenceNumber, to: &text)
            let rid = ridStart..<text.count
            text.append(#"","_self":"dbs/"#)
            ResourceIdentifier.appendDatabase(databaseNumber, to: &text)
            text.append("/colls/")
            ResourceIdentifier.appendContainer(database: databaseNumber, container: containerNumber, to: &text)
            text.append("/docs/")
            text.appendCopy(of: rid)
            text.append(#"/","_etag":""#)
            self.appendEtag(container: containerNumber, lsn: lsn, quote: #"\""#, to: &text)
            text.append(#"","_attachments":"attachments/","_ts":"#)
            text.appendDecimal(timestampMillis / 1000)
            if includingLSN {
                text.append(#","_lsn":"#)
                text.appendDecimal(Int64(lsn))
            }
            text.append(UInt8(ascii: "}"))
            writer.reserveCapacity(forAdditional: body.count - 1 + text.count)
            writer.writeRaw(UnsafeRawBufferPointer(rebasing: body[0..<(body.count - 1)]))
            writer.writeRaw(text.written)
        }
    }

    static func hex(_ value: UInt64, digits: Int) -> String {
        ASCIIComposer.string(capacity: digits) { $0.appendHex(value, digits: digits) }
    }
}
