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

    /// Where a problem was found, for reports: the block (from 0) and record within it (from 0).
    public struct Position: Sendable, Hashable, CustomStringConvertible {
        public let block: Int
        public let record: Int?
        public var description: String { self.record.map { "block \(self.block), record \($0)" } ?? "block \(self.block)" }
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
    /// position and reading goes on at the next sync marker when one can be found.
    public func forEachRecord(_ body: (Record) -> Void, failure: (BlockError) -> Void) {
        var position = self.dataStart
        var block = 0
        while position < self.bytes.count {
            var decoder = AvroDecoder(self.bytes, position: position)
            do throws(AvroError) {
                let count = try decoder.long()
                let size = try decoder.long()
                guard count >= 0, size >= 0, size <= self.bytes.count - decoder.position else {
                    throw AvroError.truncated("a block (it declares \(size) bytes)")
                }
                let payload = try decoder.take(Int(size))
                let marker = try decoder.take(16)
                guard marker == self.sync else { throw AvroError("the sync marker after the block does not match the header's") }
                position = decoder.position
                let data = try self.decompress(payload)
                var records = AvroDecoder(data)
                for index in 0..<Int(count) {
                    let value: AvroValue
                    do throws(AvroError) {
                        value = try records.decode(self.schema)
                    } catch {
                        failure(BlockError(position: Position(block: block, record: index), error: error))
                        break
                    }
                    body(Record(position: Position(block: block, record: index), value: value))
                }
            } catch {
                failure(BlockError(position: Position(block: block, record: nil), error: error))
                guard let next = self.nextSync(after: position) else { return }
                position = next
            }
            block += 1
        }
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
