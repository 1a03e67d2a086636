import DocumentStore
import JSON
import StoreTestSupport
import Testing

/// TTL rules of sql.md, driven by a manual clock.
@Suite struct TimeToLiveTests {
    func withClockedContainer(
        defaultTimeToLive: Int?,
        _ body: (DocumentStore, Container, ManualClock) throws -> Void
    ) throws {
        let clock = ManualClock()
        let configuration = StoreConfiguration(durability: .relaxed, initialMapSize: 64 << 20, sweepsExpiredDocuments: false, clock: clock.read)
        try withTemporaryStore(configuration: configuration) { store in
            let container = try makeContainer(in: store, ContainerDefinition(id: "t", partitionKeyPath: "/pk", defaultTimeToLive: defaultTimeToLive))
            try body(store, container, clock)
        }
    }

    @Test func defaultTimeToLiveExpiresItemsAndFreesTheirIDs() throws {
        try self.withClockedContainer(defaultTimeToLive: 5) { store, container, clock in
            try container.create(#"{"id":"a","pk":"p"}"#)
            clock.advance(seconds: 4.9)
            #expect(try container.read(id: "a", partitionKey: .string("p")) != nil)
            clock.advance(seconds: 0.2)
            #expect(try container.read(id: "a", partitionKey: .string("p")) == nil)
            #expect(try container.count() == 0)
            let seen = try store.read { snapshot in
                var count = 0
                try snapshot.scanDocuments(in: container.properties) { _ in count += 1; return true }
                try snapshot.scanChanges(in: container.properties, afterLSN: 0) { _ in count += 1; return true }
                return count
            }
            #expect(seen == 0)
            // The id is free again: create does not conflict.
            try container.create(#"{"id":"a","pk":"p"}"#)
            #expect(try container.count() == 1)
        }
    }

    @Test func itemTimeToLiveOverridesTheDefault() throws {
        try self.withClockedContainer(defaultTimeToLive: 5) { _, container, clock in
            try container.create(#"{"id":"forever","pk":"p","ttl":-1}"#)
            try container.create(#"{"id":"short","pk":"p","ttl":2}"#)
            try container.create(#"{"id":"long","pk":"p","ttl":8}"#)
            clock.advance(seconds: 3)
            #expect(try container.read(id: "short", partitionKey: .string("p")) == nil)
            clock.advance(seconds: 3)
            #expect(try container.read(id: "forever", partitionKey: .string("p")) != nil)
            #expect(try container.read(id: "long", partitionKey: .string("p")) != nil)
            clock.advance(seconds: 4)
            #expect(try container.read(id: "long", partitionKey: .string("p")) == nil)
            #expect(try container.read(id: "forever", partitionKey: .string("p")) != nil)
        }
    }

    @Test func minusOneDefaultKeepsItemsUnlessTheyCarryATimeToLive() throws {
        try self.withClockedContainer(defaultTimeToLive: -1) { _, container, clock in
            try container.create(#"{"id":"a","pk":"p"}"#)
            try container.create(#"{"id":"b","pk":"p","ttl":2}"#)
            clock.advance(seconds: 4)
            #expect(try container.read(id: "a", partitionKey: .string("p")) != nil)
            #expect(try container.read(id: "b", partitionKey: .string("p")) == nil)
        }
    }

    @Test func withTimeToLiveOffItemValuesAreIgnored() throws {
        try self.withClockedContainer(defaultTimeToLive: nil) { _, container, clock in
            try container.create(#"{"id":"a","pk":"p","ttl":5}"#)
            try container.create(#"{"id":"b","pk":"p","ttl":0}"#)
            clock.advance(seconds: 7)
            #expect(try container.read(id: "a", partitionKey: .string("p")) != nil)
            #expect(try container.count() == 2)
        }
    }

    @Test func anUpsertRestartsTheClock() throws {
        try self.withClockedContainer(defaultTimeToLive: 8) { _, container, clock in
            try container.create(#"{"id":"a","pk":"p","v":1}"#)
            clock.advance(seconds: 3)
            try container.upsert(#"{"id":"a","pk":"p","v":2}"#)
            clock.advance(seconds: 7)
            #expect(try container.read(id: "a", partitionKey: .string("p")) != nil)
            clock.advance(seconds: 3)
            #expect(try container.read(id: "a", partitionKey: .string("p")) == nil)
        }
    }

    @Test(arguments: [#"{"id":"x","pk":"p","ttl":0}"#, #"{"id":"x","pk":"p","ttl":null}"#, #"{"id":"x","pk":"p","ttl":-10}"#,
                      #"{"id":"x","pk":"p","ttl":1.5}"#, #"{"id":"x","pk":"p","ttl":"5"}"#])
    func invalidItemTimeToLiveIsRejectedWhenTimeToLiveIsOn(_ json: String) throws {
        try self.withClockedContainer(defaultTimeToLive: 10) { _, container, _ in
            let error = #expect(throws: StoreError.self) { try container.create(json) }
            #expect(error?.code == .badRequest)
        }
    }

    @Test(arguments: [0, -10])
    func invalidDefaultTimeToLiveIsRejected(_ value: Int) throws {
        try withTemporaryStore { store in
            try store.createDatabase("db")
            let error = #expect(throws: StoreError.self) {
                try store.createContainer(ContainerDefinition(id: "bad", partitionKeyPath: "/pk", defaultTimeToLive: value), in: "db")
            }
            #expect(error?.code == .badRequest)
        }
    }

    @Test func changingTheDefaultAppliesToExistingItems() throws {
        try self.withClockedContainer(defaultTimeToLive: 100) { store, container, clock in
            try container.create(#"{"id":"a","pk":"p"}"#)
            clock.advance(seconds: 10)
            var definition = container.properties.definition
            definition.defaultTimeToLive = 5
            try store.replaceContainer(definition, in: "db")
            #expect(try container.read(id: "a", partitionKey: .string("p")) == nil)
            definition.defaultTimeToLive = nil
            try store.replaceContainer(definition, in: "db")
            #expect(try container.read(id: "a", partitionKey: .string("p")) != nil)
        }
    }

    @Test func theSweeperRemovesExpiredItemsInBoundedBatches() throws {
        try self.withClockedContainer(defaultTimeToLive: 5) { store, container, clock in
            let documents = (0..<250).map { Array(#"{"id":"\#($0)","pk":"p\#($0 % 7)"}"#.utf8) }
            _ = try container.ingest(documents)
            try container.create(#"{"id":"keep","pk":"p","ttl":-1}"#)
            clock.advance(seconds: 6)
            #expect(try container.count() == 1)
            #expect(try store.sweep(limit: 100).expiredDocuments == 100)
            #expect(try store.sweep(limit: 100).expiredDocuments == 100)
            #expect(try store.sweep(limit: 100).expiredDocuments == 50)
            #expect(try store.sweep(limit: 100).expiredDocuments == 0)
            #expect(try container.count() == 1)
            let contents = try store.read { try $0.indexContents(of: container.properties) }
            #expect(contents.expiries.isEmpty)
            #expect(contents.changes.count == 1)
        }
    }

    @Test func theBackgroundSweeperRunsByItself() async throws {
        let configuration = StoreConfiguration(durability: .relaxed, initialMapSize: 64 << 20)
        try await withTemporaryStore(configuration: configuration) { store in
            let container = try makeContainer(in: store, ContainerDefinition(id: "t", partitionKeyPath: "/pk", defaultTimeToLive: 1))
            try await container.write(Array(#"{"id":"a","pk":"p"}"#.utf8), mode: .create)
            var remaining = -1
            for _ in 0..<40 {
                try await Task.sleep(for: .milliseconds(100))
                remaining = try await store.read { try $0.indexContents(of: container.properties).changes.count }
                if remaining == 0 { break }
            }
            #expect(remaining == 0)
        }
    }
}
