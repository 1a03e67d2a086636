#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import JSON

/// The on-disk form of a document: a small fixed header, the effective partition key, the id, a directory of the
/// body's top-level members and the body.
///
/// ```
/// offset    size  field
/// 0         1     format (2)
/// 1         1     flags (bit 0: the item has its own ttl; bit 1: directory offsets are 32-bit, else 16-bit)
/// 2         8     last write, milliseconds since 1970 (little-endian)
/// 10        8     lsn of the last write (little-endian)
/// 18        4     item ttl in seconds (little-endian, valid when flagged)
/// 22        1     EPK length e
/// 23        e     EPK
/// 23+e      2     id length n (little-endian)
/// 25+e      n     id (UTF-8)
/// 25+e+n    4     top-level member count m (little-endian)
/// 29+e+n    m*2w  per member, the body offsets of its key's opening quote and of its value (w = 2 or 4 bytes)
/// ...       ...   body: the user's JSON object, minified, without system properties
/// ```
/// Reading a field is an offset computation on the mapped bytes; nothing is decoded until asked for. The directory
/// lets a query find a top-level property without scanning the values before it (a filter on a field at the end of a
/// 1 KB event would otherwise skip over most of the text for every row).
struct DocumentEnvelope {
    static let format: UInt8 = 2
    static let headerSize = 23
    /// The largest body whose directory fits 16-bit offsets.
    static let narrowOffsetLimit = Int(UInt16.max)

    /// Bytes needed for a document with these parts.
    static func size(epkCount: Int, idCount: Int, memberCount: Int, bodyCount: Int) -> Int {
        let width = bodyCount <= self.narrowOffsetLimit ? 2 : 4
        return self.headerSize + epkCount + 2 + idCount + 4 + memberCount * 2 * width + bodyCount
    }

    /// Writes an envelope into `buffer`, which must be exactly ``size(epkCount:idCount:memberCount:bodyCount:)`` bytes.
    /// - Parameter members: per top-level member, the body offsets of its key and its value.
    static func write(
        into buffer: UnsafeMutableRawBufferPointer,
        timestampMillis: Int64,
        lsn: UInt64,
        itemTimeToLive: Int32?,
        epk: [UInt8],
        id: UnsafeRawBufferPointer,
        members: [MemberOffsets],
        body: UnsafeRawBufferPointer
    ) {
        let isWide = body.count > self.narrowOffsetLimit
        buffer[0] = self.format
        buffer[1] = (itemTimeToLive == nil ? 0 : 1) | (isWide ? 2 : 0)
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
        buffer.storeBytes(of: UInt32(members.count).littleEndian, toByteOffset: offset, as: UInt32.self)
        offset += 4
        for member in members {
            for position in [member.key, member.value] {
                if isWide {
                    buffer.storeBytes(of: position.littleEndian, toByteOffset: offset, as: UInt32.self)
                    offset += 4
                } else {
                    buffer.storeBytes(of: UInt16(position).littleEndian, toByteOffset: offset, as: UInt16.self)
                    offset += 2
                }
            }
        }
        if body.count > 0 {
            UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<(offset + body.count)]).copyMemory(from: body)
        }
    }

    /// Where one top-level member sits in a minified body: its key's opening quote and its value's first byte.
    struct MemberOffsets: Sendable, Hashable {
        var key: UInt32
        var value: UInt32
    }
}

/// A read-only view of an envelope in mapped memory.
///
/// - Warning: Valid only while the bytes it views are (inside the transaction that produced them).
struct EnvelopeView {
    let bytes: UnsafeRawBufferPointer
    /// Where the member directory starts (just past its count).
    private let directoryOffset: Int
    let memberCount: Int
    private let offsetWidth: Int
    private let bodyOffset: Int

    /// `nil` when the bytes are not an envelope this version understands (a damaged or foreign value).
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= DocumentEnvelope.headerSize + 2, bytes[0] == DocumentEnvelope.format else { return nil }
        let epkCount = Int(bytes[22])
        var offset = DocumentEnvelope.headerSize + epkCount
        guard bytes.count >= offset + 2 else { return nil }
        offset += 2 + Int(bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self).littleEndian)
        guard bytes.count >= offset + 4 else { return nil }
        self.memberCount = Int(bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian)
        self.directoryOffset = offset + 4
        self.offsetWidth = bytes[1] & 2 != 0 ? 4 : 2
        self.bodyOffset = self.directoryOffset + self.memberCount * 2 * self.offsetWidth
        guard bytes.count >= self.bodyOffset + 2 else { return nil }
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

    var epk: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self.bytes[DocumentEnvelope.headerSize..<(DocumentEnvelope.headerSize + self.epkCount)])
    }

    var id: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self.bytes[self.idOffset..<(self.directoryOffset - 4)])
    }

    var body: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self.bytes[self.bodyOffset...])
    }

    /// The top-level member at `index` (in document order), with offsets into ``body``.
    func member(at index: Int) -> JSONScanner.MemberSpan {
        let keyStart = self.directoryEntry(2 * index)
        let valueStart = self.directoryEntry(2 * index + 1)
        // Minified: `"key":value` then `,` before the next member or the object's closing `}`.
        let valueEnd = index + 1 < self.memberCount ? self.directoryEntry(2 * index + 2) - 1 : self.body.count - 1
        let key = (keyStart + 1)..<(valueStart - 2)
        let body = self.body
        let keyIsEscaped = !key.isEmpty && memchr(body.baseAddress! + key.lowerBound, Int32(UInt8(ascii: "\\")), key.count) != nil
        return JSONScanner.MemberSpan(key: key, value: valueStart..<valueEnd, keyIsEscaped: keyIsEscaped)
    }

    /// The value of the first top-level member whose key, unescaped, is `key` (UTF-8 bytes).
    ///
    /// Most keys are told apart by their stored length and bytes alone; only a stored key longer than `key` that
    /// holds an escape (`\u00e9`, `\"`) has to be decoded to compare.
    func valueOfMember(named key: UnsafeRawBufferPointer) -> Range<Int>? {
        for index in 0..<self.memberCount where self.memberIsNamed(index, key) {
            return self.member(at: index).value
        }
        return nil
    }

    /// Whether the key of the top-level member at `index`, unescaped, is `key`.
    @inline(__always)
    private func memberIsNamed(_ index: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        guard let base = self.body.baseAddress else { return false }
        let keyStart = self.directoryEntry(2 * index) + 1
        let storedCount = self.directoryEntry(2 * index + 1) - 2 - keyStart
        if storedCount == key.count {
            // Same length: a match only as the same bytes (an escape makes a stored key longer than its decoding, and
            // a backslash in `key` is always stored escaped).
            return (storedCount == 0 || memcmp(base + keyStart, key.baseAddress!, storedCount) == 0)
                && (key.count == 0 || memchr(key.baseAddress!, Int32(UInt8(ascii: "\\")), key.count) == nil)
        }
        // Longer: a match only when it holds an escape that decodes to `key`.
        guard storedCount > key.count, memchr(base + keyStart, Int32(UInt8(ascii: "\\")), storedCount) != nil else { return false }
        return JSONScanner.key(of: self.member(at: index), in: self.body, equals: key)
    }

    /// ``valueOfMember(named:)`` trying the member at `hint` first, and leaving there the index where `key` was found:
    /// documents of one shape keep their members in the same order, so a scan that tests the same name on every
    /// document finds it at once instead of walking the directory.
    func valueOfMember(named key: UnsafeRawBufferPointer, hint: inout Int) -> Range<Int>? {
        if hint >= 0 && hint < self.memberCount, let base = self.body.baseAddress {
            let keyStart = self.directoryEntry(2 * hint) + 1
            let storedCount = self.directoryEntry(2 * hint + 1) - 2 - keyStart
            // Same bytes are the same key (see valueOfMember(named:)), unless `key` holds a backslash.
            if storedCount == key.count, storedCount == 0 || memcmp(base + keyStart, key.baseAddress!, storedCount) == 0,
                key.count == 0 || memchr(key.baseAddress!, Int32(UInt8(ascii: "\\")), key.count) == nil
            {
                return self.member(at: hint).value
            }
        }
        for index in 0..<self.memberCount where self.memberIsNamed(index, key) {
            hint = index
            return self.member(at: index).value
        }
        return nil
    }

    @inline(__always)
    private func directoryEntry(_ position: Int) -> Int {
        let offset = self.directoryOffset + position * self.offsetWidth
        return self.offsetWidth == 2
            ? Int(UInt16(littleEndian: self.bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
            : Int(UInt32(littleEndian: self.bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
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
