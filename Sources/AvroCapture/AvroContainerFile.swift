import CompressNIO
public import JSON
import NIOCore

/// An Avro object container file: the `Obj\x01` header with metadata (schema, codec) and a sync marker, then blocks
/// of records, each followed by the sync marker. Codecs `null` and `deflate` (raw RFC 1951) are supported.
public struct AvroContainerFile: Sendable {
    public let schema: AvroSchema
    public let schemaJSON: JSONValue
    public let codec: String
    private let bytes: [UInt8]
    private let sync: [UInt8]
    private let dataStart: Int

    /// Where a problem was found, for reports: the block (from 0) and record within it (from 0). A problem with a whole
    /// block also gives the block's byte offset, since block numbers after a damaged stretch are only counted.
    public struct Position: Sendable, Hashable, CustomStringConvertible {
        public let block: Int
        public let record: Int?
        public let offset: Int
        public var description: String {
            self.record.map { "block \(self.block), record \($0)" } ?? "block \(self.block) (at byte \(self.offset))"
        }
    }

    /// A record, or the reason it could not be read.
    public struct Record: Sendable {
        public let position: Position
        public let value: AvroValue
    }

    public struct BlockError: Error, Sendable {
        public let position: Position
        public let error: AvroError
    }

    /// Reads the header.
    /// - Throws: ``AvroError`` when the bytes are not an object container file or the header is damaged.
    public init(bytes: [UInt8]) throws(AvroError) {
        guard bytes.count >= 4, bytes[0] == UInt8(ascii: "O"), bytes[1] == UInt8(ascii: "b"), bytes[2] == UInt8(ascii: "j"), bytes[3] == 1 else {
            throw AvroError("not an Avro object container file (no Obj\\x01 magic)")
        }
        var decoder = AvroDecoder(bytes, position: 4)
        guard case .map(let metadata) = try decoder.decode(.map(.bytes)) else { throw AvroError("the file metadata is damaged") }
        guard case .bytes(let schemaBytes)? = metadata["avro.schema"] else {
            throw AvroError("the file metadata has no avro.schema")
        }
        let schemaJSON: JSONValue
        do {
            schemaJSON = try JSONReader.parse(schemaBytes)
        } catch {
            throw AvroError("the file's schema is not JSON: \(error)")
        }
        self.schemaJSON = schemaJSON
        self.schema = try AvroSchema(json: schemaJSON)
        if case .bytes(let codec)? = metadata["avro.codec"] {
            self.codec = String(decoding: codec, as: UTF8.self)
        } else {
            self.codec = "null"
        }
        guard self.codec == "null" || self.codec == "deflate" else {
            throw AvroError("unsupported codec '\(self.codec)' (null and deflate are supported)")
        }
        self.sync = try decoder.take(16)
        self.dataStart = decoder.position
        self.bytes = bytes
    }

    /// Calls `body` with every record in file order. A damaged block is reported through `failure` with its
    /// position, and reading goes on with the next block: where the damaged one says it ends when a sound block starts
    /// there (a damaged sync marker loses one block only), else after the next sync marker found.
    public func forEachRecord(_ body: (Record) -> Void, failure: (BlockError) -> Void) {
        var position = self.dataStart
        var block = 0
        while position < self.bytes.count {
            let blockStart = position
            let frame: Frame
            do throws(AvroError) {
                frame = try self.frame(at: blockStart)
            } catch {
                failure(BlockError(position: Position(block: block, record: nil, offset: blockStart), error: error))
                guard let next = self.resumePosition(afterDamagedBlockAt: blockStart) else { return }
                position = next
                block += 1
                continue
            }
            position = frame.end
            do throws(AvroError) {
                var records = AvroDecoder(try self.decompress(Array(self.bytes[frame.payload])))
                for index in 0..<frame.count {
                    let value: AvroValue
                    do throws(AvroError) {
                        value = try records.decode(self.schema)
                    } catch {
                        // The records after it cannot be found: their lengths are only known by decoding.
                        failure(BlockError(position: Position(block: block, record: index, offset: blockStart), error: error))
                        break
                    }
                    body(Record(position: Position(block: block, record: index, offset: blockStart), value: value))
                }
            } catch {
                failure(BlockError(position: Position(block: block, record: nil, offset: blockStart), error: error))
            }
            block += 1
        }
    }

    /// A block's framing: its record count, where its (possibly compressed) payload is, and where the next block starts.
    private struct Frame {
        let count: Int
        let payload: Range<Int>
        let end: Int
    }

    /// Reads the framing of the block at `start`: count, size, payload, and the sync marker, which must match.
    private func frame(at start: Int) throws(AvroError) -> Frame {
        var decoder = AvroDecoder(self.bytes, position: start)
        let count = try decoder.long()
        let size = try decoder.long()
        guard count >= 0, size >= 0 else { throw AvroError("the block header is damaged (\(count) records, \(size) bytes)") }
        guard size <= self.bytes.count - decoder.position else { throw AvroError.truncated("a block (it declares \(size) bytes)") }
        let payload = decoder.position..<(decoder.position + Int(size))
        try decoder.skip(Int(size))
        let marker = try decoder.take(16)
        guard marker == self.sync else { throw AvroError("the sync marker after the block does not match the header's") }
        return Frame(count: Int(count), payload: payload, end: decoder.position)
    }

    /// Where to go on after a damaged block at `start`: the end it declares when the file ends there or a sound block
    /// starts there; else just after the next sync marker; `nil` when there is none.
    private func resumePosition(afterDamagedBlockAt start: Int) -> Int? {
        var decoder = AvroDecoder(self.bytes, position: start)
        if let count = try? decoder.long(), let size = try? decoder.long(), count >= 0, size >= 0,
           size <= self.bytes.count - decoder.position - 16 {
            let declaredEnd = decoder.position + Int(size) + 16
            if declaredEnd == self.bytes.count || (try? self.frame(at: declaredEnd)) != nil { return declaredEnd }
        }
        return self.nextSync(after: start)
    }

    private func decompress(_ payload: [UInt8]) throws(AvroError) -> [UInt8] {
        guard self.codec == "deflate" else { return payload }
        var buffer = ByteBuffer(bytes: payload)
        do {
            let inflated = try buffer.decompress(with: .deflate(), maxSize: 256 << 20)
            return Array(buffer: inflated)
        } catch {
            throw AvroError("a deflate block is damaged: \(error)")
        }
    }

    /// The offset just after the next sync marker at or after `start`, to resume after a damaged block.
    private func nextSync(after start: Int) -> Int? {
        guard self.bytes.count >= 16 else { return nil }
        var index = max(start, self.dataStart) + 1
        while index + 16 <= self.bytes.count {
            if self.bytes[index] == self.sync[0] && Array(self.bytes[index..<(index + 16)]) == self.sync {
                return index + 16
            }
            index += 1
        }
        return nil
    }
}
