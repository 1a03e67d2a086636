/// The on-disk form of a document: a small fixed header, the effective partition key, the id and the body.
///
/// ```
/// offset  size  field
/// 0       1     format (1)
/// 1       1     flags (bit 0: the item has its own ttl)
/// 2       8     last write, milliseconds since 1970 (little-endian)
/// 10      8     lsn of the last write (little-endian)
/// 18      4     item ttl in seconds (little-endian, valid when flagged)
/// 22      1     EPK length e
/// 23      e     EPK
/// 23+e    2     id length n (little-endian)
/// 25+e    n     id (UTF-8)
/// 25+e+n  ...   body: the user's JSON object, minified, without system properties
/// ```
/// Reading a field is an offset computation on the mapped bytes; nothing is decoded until asked for.
struct DocumentEnvelope {
    static let format: UInt8 = 1
    static let headerSize = 23

    /// Bytes needed for a document with these parts.
    static func size(epkCount: Int, idCount: Int, bodyCount: Int) -> Int {
        self.headerSize + epkCount + 2 + idCount + bodyCount
    }

    /// Writes an envelope into `buffer`, which must be exactly ``size(epkCount:idCount:bodyCount:)`` bytes.
    static func write(
        into buffer: UnsafeMutableRawBufferPointer,
        timestampMillis: Int64,
        lsn: UInt64,
        itemTimeToLive: Int32?,
        epk: [UInt8],
        id: UnsafeRawBufferPointer,
        body: UnsafeRawBufferPointer
    ) {
        buffer[0] = self.format
        buffer[1] = itemTimeToLive == nil ? 0 : 1
        buffer.storeBytes(of: timestampMillis.littleEndian, toByteOffset: 2, as: Int64.self)
        buffer.storeBytes(of: lsn.littleEndian, toByteOffset: 10, as: UInt64.self)
        buffer.storeBytes(of: (itemTimeToLive ?? 0).littleEndian, toByteOffset: 18, as: Int32.self)
        buffer[22] = UInt8(epk.count)
        var offset = self.headerSize
        for byte in epk {
            buffer[offset] = byte
            offset += 1
        }
        buffer.storeBytes(of: UInt16(id.count).littleEndian, toByteOffset: offset, as: UInt16.self)
        offset += 2
        if id.count > 0 {
            UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<(offset + id.count)]).copyMemory(from: id)
        }
        offset += id.count
        if body.count > 0 {
            UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<(offset + body.count)]).copyMemory(from: body)
        }
    }
}

/// A read-only view of an envelope in mapped memory.
///
/// - Warning: Valid only while the bytes it views are (inside the transaction that produced them).
struct EnvelopeView {
    let bytes: UnsafeRawBufferPointer

    /// `nil` when the bytes are not an envelope this version understands (a damaged or foreign value).
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= DocumentEnvelope.headerSize + 2, bytes[0] == DocumentEnvelope.format else { return nil }
        let epkCount = Int(bytes[22])
        guard bytes.count >= DocumentEnvelope.headerSize + epkCount + 2 else { return nil }
        let idCount = Int(bytes.loadUnaligned(fromByteOffset: DocumentEnvelope.headerSize + epkCount, as: UInt16.self).littleEndian)
        guard bytes.count >= DocumentEnvelope.headerSize + epkCount + 2 + idCount else { return nil }
        self.bytes = bytes
    }

    var timestampMillis: Int64 { Int64(littleEndian: self.bytes.loadUnaligned(fromByteOffset: 2, as: Int64.self)) }
    var lsn: UInt64 { UInt64(littleEndian: self.bytes.loadUnaligned(fromByteOffset: 10, as: UInt64.self)) }

    var itemTimeToLive: Int32? {
        guard self.bytes[1] & 1 != 0 else { return nil }
        return Int32(littleEndian: self.bytes.loadUnaligned(fromByteOffset: 18, as: Int32.self))
    }

    private var epkCount: Int { Int(self.bytes[22]) }
    private var idOffset: Int { DocumentEnvelope.headerSize + self.epkCount + 2 }
    private var idCount: Int {
        Int(self.bytes.loadUnaligned(fromByteOffset: DocumentEnvelope.headerSize + self.epkCount, as: UInt16.self).littleEndian)
    }

    var epk: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self.bytes[DocumentEnvelope.headerSize..<(DocumentEnvelope.headerSize + self.epkCount)])
    }

    var id: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self.bytes[self.idOffset..<(self.idOffset + self.idCount)])
    }

    var body: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self.bytes[(self.idOffset + self.idCount)...])
    }

    /// When the document expires under `containerDefault`, in milliseconds since 1970, or `nil` if never.
    @inline(__always)
    func expiry(containerDefault: Int?) -> Int64? {
        TimeToLive.expiry(writtenAtMillis: self.timestampMillis, itemTimeToLive: self.itemTimeToLive, containerDefault: containerDefault)
    }

    @inline(__always)
    func isExpired(containerDefault: Int?, nowMillis: Int64) -> Bool {
        guard let expiry = self.expiry(containerDefault: containerDefault) else { return false }
        return nowMillis >= expiry
    }
}
