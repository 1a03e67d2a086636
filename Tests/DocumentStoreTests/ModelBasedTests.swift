import DocumentStore
import JSON
import StoreTestSupport
import Testing

/// Random sequences of create/upsert/replace/delete/expire/sweep applied both to the store and to a plain in-memory
/// model; after every step the documents, counts, change feed and every index entry must agree with the model.
@Suite struct ModelBasedTests {
    /// One document as the model knows it.
    struct ModelDocument {
        var body: JSONValue
        var sequenceNumber: UInt64
        var lsn: UInt64
        var writtenAt: Int64
        var itemTimeToLive: Int32?
    }

    struct Identity: Hashable {
        let id: String
        let partition: String
    }

    static let defaultTimeToLive = 20

    @Test(arguments: 1...40)
    func storeAgreesWithTheModel(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let clock = ManualClock()
        let configuration = StoreConfiguration(durability: .relaxed, initialMapSize: 32 << 20, sweepsExpiredDocuments: false, clock: clock.read)
        try withTemporaryStore(configuration: configuration) { store in
            var definition = ContainerDefinition(id: "m", partitionKeyPath: "/pk", defaultTimeToLive: Self.defaultTimeToLive)
            definition.indexingPolicy = IndexingPolicy(includedPaths: ["/*", "/nested/v/?"], excludedPaths: ["/big"],
                                                       spatialPaths: ["/loc/*"])
            definition.uniqueKeys = [["/u"]]
            let container = try makeContainer(in: store, definition)
            var model: [Identity: ModelDocument] = [:]
            var log: [String] = []
            for step in 0..<150 {
                let identity = Identity(id: "id\(random.next(below: 12))", partition: "p\(random.next(below: 3))")
                let body = Self.randomBody(identity, &random)
                let operation = random.next(below: 10)
                let existing = model[identity].flatMap { Self.isLive($0, now: clock.now) ? $0 : nil }
                // Unique key /u: its value must not be used by another live-or-present document of the partition.
                let uniqueValue = body["u"] ?? .null
                let clash = model.contains { other in
                    other.key.partition == identity.partition && other.key != identity && (other.value.body["u"] ?? .null) == uniqueValue
                        && Self.isLive(other.value, now: clock.now)
                }
                let expiredClash = model.contains { other in
                    other.key.partition == identity.partition && other.key != identity && (other.value.body["u"] ?? .null) == uniqueValue
                        && !Self.isLive(other.value, now: clock.now)
                }
                if expiredClash && !clash {
                    // The store still holds the expired clash until it is swept: sweep first so that outcomes are defined.
                    try Self.sweep(store, &model, now: clock.now)
                }
                log.append("step \(step) at \(clock.now % 100_000): op \(operation) on \(identity.id)/\(identity.partition) body \(body)")
                switch operation {
                case 0..<3:
                    let expectation = existing != nil ? "conflict" : (clash ? "conflict" : "ok")
                    let outcome = Self.attempt { try container.write(body, mode: .create) }
                    #expect(outcome.code == expectation, "\(log.suffix(5))")
                    if case .success(let result) = outcome.result { model[identity] = Self.modelDocument(result, body) }
                case 3..<6:
                    let outcome = Self.attempt { try container.write(body, mode: .upsert) }
                    let expectation = clash ? "conflict" : "ok"
                    #expect(outcome.code == expectation, "\(log.suffix(5))")
                    if case .success(let result) = outcome.result {
                        if let existing, existing.body == body {
                            #expect(result.outcome == .unchanged)
                            #expect(result.document.lsn == existing.lsn)
                        } else {
                            model[identity] = Self.modelDocument(result, body)
                        }
                    }
                case 6..<7:
                    let expectation = existing == nil ? "notFound" : (clash ? "conflict" : "ok")
                    let outcome = Self.attempt { try container.write(body, mode: .replace) }
                    #expect(outcome.code == expectation, "\(log.suffix(5))")
                    if case .success(let result) = outcome.result { model[identity] = Self.modelDocument(result, body) }
                case 7..<8:
                    let outcome = Self.attempt { try container.delete(id: identity.id, partitionKey: .string(identity.partition)) }
                    #expect(outcome.code == (existing == nil ? "notFound" : "ok"), "\(log.suffix(5))")
                    model[identity] = nil
                case 8:
                    clock.advance(seconds: Double(random.next(below: 8)))
                default:
                    try Self.sweep(store, &model, now: clock.now)
                }
                // A write that met an expired document removed it.
                if operation < 8, let document = model[identity], !Self.isLive(document, now: clock.now) {
                    model[identity] = nil
                }
                // Stop at the first divergence, with the whole history, so that it can be replayed from the seed.
                guard try Self.compare(store, container, model, now: clock.now, context: "seed \(seed): " + log.joined(separator: "\n")) else {
                    return
                }
            }
        }
    }

    // MARK: Model

    static func isLive(_ document: ModelDocument, now: Int64) -> Bool {
        guard let expiry = TimeToLive.expiry(writtenAtMillis: document.writtenAt, itemTimeToLive: document.itemTimeToLive,
                                             containerDefault: Self.defaultTimeToLive) else { return true }
        return now < expiry
    }

    static func modelDocument(_ result: WriteResult, _ body: JSONValue) -> ModelDocument {
        ModelDocument(body: body, sequenceNumber: result.document.sequenceNumber, lsn: result.document.lsn,
                      writtenAt: result.document.timestampMillis, itemTimeToLive: body["ttl"]?.integerValue.map { Int32($0) })
    }

    static func sweep(_ store: DocumentStore, _ model: inout [Identity: ModelDocument], now: Int64) throws {
        let expired = model.filter { !isLive($0.value, now: now) }.count
        #expect(try store.sweep(limit: 10_000).expiredDocuments == expired)
        model = model.filter { isLive($0.value, now: now) }
    }

    static func randomBody(_ identity: Identity, _ random: inout SplitMix64) -> JSONValue {
        var object: JSONObject = ["id": .string(identity.id), "pk": .string(identity.partition)]
        let scalars: [JSONValue] = [.integer(Int64(random.next(below: 5))), .double(Double(random.next(below: 5)) + 0.5),
                                    .string("s\(random.next(below: 3))"), .bool(random.next(below: 2) == 0), .null]
        if random.next(below: 2) == 0 { object["a"] = scalars[Int(random.next(below: 5))] }
        if random.next(below: 2) == 0 { object["b"] = scalars[Int(random.next(below: 5))] }
        if random.next(below: 3) == 0 { object["nested"] = ["v": scalars[Int(random.next(below: 5))], "w": [1, 2]] }
        if random.next(below: 3) == 0 { object["big"] = .string("excluded") }
        if random.next(below: 2) == 0 {
            object["loc"] = ["type": "Point", "coordinates": [.double(-80 + Double(random.next(below: 4))), .double(35)]]
        }
        if random.next(below: 3) == 0 { object["ttl"] = [.integer(-1), .integer(3), .integer(10)][Int(random.next(below: 3))] }
        if random.next(below: 2) == 0 { object["u"] = .integer(Int64(random.next(below: 4))) }
        return .object(object)
    }

    struct Attempt {
        var code: String
        var result: Result<WriteResult, any Error>?
    }

    static func attempt(_ body: () throws -> WriteResult) -> Attempt {
        do {
            return Attempt(code: "ok", result: .success(try body()))
        } catch let error as StoreError {
            return Attempt(code: "\(error.code)", result: .failure(error))
        } catch {
            return Attempt(code: "\(error)", result: .failure(error))
        }
    }

    static func attempt(_ body: () throws -> Void) -> Attempt {
        do {
            try body()
            return Attempt(code: "ok", result: nil)
        } catch let error as StoreError {
            return Attempt(code: "\(error.code)", result: nil)
        } catch {
            return Attempt(code: "\(error)", result: nil)
        }
    }

    // MARK: Comparison

    static func compare(_ store: DocumentStore, _ container: Container, _ model: [Identity: ModelDocument], now: Int64, context: String) throws -> Bool {
        let live = model.filter { isLive($0.value, now: now) }
        let (documents, feed, count, contents) = try store.read { snapshot in
            var documents: [String: JSONValue] = [:]
            try snapshot.scanDocuments(in: container.properties) { view in
                let body = try JSONReader.parse(view.body)
                documents["\(view.id)/\(body["pk"]?.stringValue ?? "")"] = body
                return true
            }
            var feed: [UInt64] = []
            try snapshot.scanChanges(in: container.properties, afterLSN: 0) { feed.append($0.lsn); return true }
            return (documents, feed, try snapshot.documentCount(in: container.properties), try snapshot.indexContents(of: container.properties))
        }
        let expectedDocuments = Dictionary(uniqueKeysWithValues: live.map { ("\($0.key.id)/\($0.key.partition)", $0.value.body) })
        #expect(documents == expectedDocuments, "\(context)")
        guard documents == expectedDocuments else { return false }
        #expect(count == Int64(live.count), "\(context)")
        #expect(feed == live.values.map(\.lsn).sorted(), "\(context)")
        // Index entries exist for every document physically present (live or expired but not yet swept).
        var range: Set<IndexContents.RangeItem> = []
        var spatial: Set<IndexContents.SpatialItem> = []
        for document in model.values {
            guard case .object(let object) = document.body else { continue }
            for member in object where member.key != "big" {
                switch member.value {
                case .array, .object: continue
                default: range.insert(.init(path: [member.key], value: member.value, sequenceNumber: document.sequenceNumber))
                }
            }
            // The explicit path /nested/v has an entry for every document (undefined, arrays and objects as markers).
            let nested: JSONValue? = switch document.body["nested"]?["v"] {
            case .array?: .array([])
            case .object?: .object([:])
            case let other: other
            }
            range.insert(.init(path: ["nested", "v"], value: nested, sequenceNumber: document.sequenceNumber))
            range.insert(.init(path: ["_ts"], value: .integer(document.writtenAt / 1000), sequenceNumber: document.sequenceNumber))
            if let location = document.body["loc"], let point = GeoPoint(geoJSON: location) {
                spatial.insert(.init(path: ["loc"], point: point, sequenceNumber: document.sequenceNumber))
            }
        }
        #expect(contents.range == range, "unexpected \(contents.range.subtracting(range)), missing \(range.subtracting(contents.range))\n\(context)")
        #expect(contents.spatial == spatial, "unexpected \(contents.spatial.subtracting(spatial)), missing \(spatial.subtracting(contents.spatial))")
        let expiries = model.values.compactMap {
            TimeToLive.expiry(writtenAtMillis: $0.writtenAt, itemTimeToLive: $0.itemTimeToLive, containerDefault: Self.defaultTimeToLive)
        }.sorted()
        #expect(contents.expiries == expiries, "\(context)")
        return documents.count == live.count && contents.range == range && contents.spatial == spatial && contents.expiries == expiries
            && feed == live.values.map(\.lsn).sorted()
    }
}
