import JSON
import LMDB
import Synchronization

/// The persistent list of databases and containers, and a cache of it.
///
/// Every catalog change bumps a generation counter stored with the records. A transaction reads that counter (one
/// lookup) and reuses the cached ``CatalogSnapshot`` when it matches, so the definitions are decoded only after a
/// change, whichever process made it.
final class Catalog: Sendable {
    private let keyspace: Keyspace
    private let cached = Mutex<CatalogSnapshot?>(nil)

    init(keyspace: Keyspace) {
        self.keyspace = keyspace
    }

    // MARK: Keys

    static let generationKey: [UInt8] = [UInt8(ascii: "g")]
    static let countersKey: [UInt8] = [UInt8(ascii: "n")]
    static let databasePrefix: [UInt8] = [UInt8(ascii: "d"), 0]
    static let containerPrefix: [UInt8] = [UInt8(ascii: "c"), 0]
    static let purgePrefix: [UInt8] = [UInt8(ascii: "p")]

    static func databaseKey(_ id: String) -> [UInt8] {
        self.databasePrefix + Array(id.utf8)
    }

    static func containerKey(database: String, container: String) -> [UInt8] {
        self.containerPrefix + Array(database.utf8) + [0] + Array(container.utf8)
    }

    static func containersOfDatabasePrefix(_ database: String) -> [UInt8] {
        self.containerPrefix + Array(database.utf8) + [0]
    }

    static func stateKey(_ container: UInt32) -> [UInt8] {
        var key = KeyBuilder()
        key.append(byte: UInt8(ascii: "s"))
        key.append(container)
        return key.bytes
    }

    static func purgeKey(_ container: UInt32) -> [UInt8] {
        var key = KeyBuilder()
        key.append(self.purgePrefix)
        key.append(container)
        return key.bytes
    }

    // MARK: Reading

    /// The catalog as `transaction` sees it, from the cache when the generation matches.
    func snapshot<Transaction: TransactionReading & ~Copyable>(in transaction: borrowing Transaction) throws -> CatalogSnapshot {
        let generation = try self.generation(in: transaction)
        if let cached = self.cached.withLock({ $0 }), cached.generation == generation {
            return cached
        }
        let loaded = try self.load(in: transaction, generation: generation)
        self.cached.withLock { current in
            if current == nil || current!.generation < loaded.generation {
                current = loaded
            }
        }
        return loaded
    }

    func generation<Transaction: TransactionReading & ~Copyable>(in transaction: borrowing Transaction) throws -> UInt64 {
        try transaction.withValue(forKey: Self.generationKey, in: self.keyspace) { bytes in
            bytes.count == 8 ? KeyReader.uint64(bytes, at: 0) : 0
        } ?? 0
    }

    /// Decodes every record (bypassing the cache).
    func load<Transaction: TransactionReading & ~Copyable>(
        in transaction: borrowing Transaction,
        generation: UInt64
    ) throws -> CatalogSnapshot {
        var databases: [DatabaseProperties] = []
        var containers: [ContainerProperties] = []
        try transaction.withCursor(in: self.keyspace) { cursor in
            var entry = try cursor.seek(atOrAfter: Self.databasePrefix)
            while let current = entry, KeyReader.hasPrefix(current.key, Self.databasePrefix) {
                databases.append(try Self.decodeDatabase(current.value))
                entry = try cursor.next()
            }
            entry = try cursor.seek(atOrAfter: Self.containerPrefix)
            while let current = entry, KeyReader.hasPrefix(current.key, Self.containerPrefix) {
                containers.append(try Self.decodeContainer(current.value))
                entry = try cursor.next()
            }
        }
        return CatalogSnapshot(generation: generation, databases: databases, containers: containers)
    }

    /// The container's counters, or fresh ones for a container that has never been written.
    func state<Transaction: TransactionReading & ~Copyable>(
        of container: ContainerProperties,
        in transaction: borrowing Transaction
    ) throws -> ContainerState {
        let stored = try transaction.withValue(forKey: Self.stateKey(container.number), in: self.keyspace) { bytes in
            ContainerState(decoding: bytes)
        }
        return (stored ?? nil) ?? ContainerState(rangeCount: container.partitionKeyRanges.count)
    }

    // MARK: Records

    static func encodeDatabase(_ database: DatabaseProperties) -> [UInt8] {
        var record: JSONObject = [
            "id": .string(database.id),
            "number": .integer(Int64(database.number)),
            "ts": .integer(database.timestamp),
            "etag": .string(database.etag),
        ]
        if let throughput = database.throughput {
            record["throughput"] = throughput.jsonValue
        }
        return JSONWriter.bytes(from: .object(record))
    }

    static func decodeDatabase(_ bytes: UnsafeRawBufferPointer) throws -> DatabaseProperties {
        let value = try JSONReader.parse(bytes)
        guard case .string(let id)? = value["id"], let number = value["number"]?.integerValue,
            let timestamp = value["ts"]?.integerValue, case .string(let etag)? = value["etag"]
        else {
            throw StoreError(.internalError, "a database record in the catalog is damaged")
        }
        let throughput = try value["throughput"].map { (json) throws(StoreError) in try Throughput(json: json) }
        return DatabaseProperties(id: id, number: UInt32(truncatingIfNeeded: number), timestamp: timestamp, etag: etag, throughput: throughput)
    }

    static func encodeContainer(_ container: ContainerProperties) -> [UInt8] {
        JSONWriter.bytes(from: [
            "database": .string(container.databaseID),
            "databaseNumber": .integer(Int64(container.databaseNumber)),
            "number": .integer(Int64(container.number)),
            "ts": .integer(container.timestamp),
            "etag": .string(container.etag),
            "definition": container.definition.jsonValue,
        ])
    }

    static func decodeContainer(_ bytes: UnsafeRawBufferPointer) throws -> ContainerProperties {
        let value = try JSONReader.parse(bytes)
        guard case .string(let database)? = value["database"], let databaseNumber = value["databaseNumber"]?.integerValue,
            let number = value["number"]?.integerValue, let timestamp = value["ts"]?.integerValue,
            case .string(let etag)? = value["etag"], let definitionJSON = value["definition"]
        else {
            throw StoreError(.internalError, "a container record in the catalog is damaged")
        }
        return ContainerProperties(
            definition: try ContainerDefinition(storedJSON: definitionJSON),
            databaseID: database,
            databaseNumber: UInt32(truncatingIfNeeded: databaseNumber),
            number: UInt32(truncatingIfNeeded: number),
            timestamp: timestamp,
            etag: etag
        )
    }
}
