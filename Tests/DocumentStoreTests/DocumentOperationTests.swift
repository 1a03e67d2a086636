import DocumentStore
import JSON
import StoreTestSupport
import Testing

@Suite struct DocumentOperationTests {
    @Test func createReadReplaceDelete() throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            let created = try container.create(#"{"id":"1","pk":"a","n":1}"#)
            #expect(created.id == "1")
            #expect(created.etag.hasPrefix("\"") && created.etag.hasSuffix("\""))
            let read = try #require(try container.read(id: "1", partitionKey: .string("a")))
            #expect(read.body == Array(#"{"id":"1","pk":"a","n":1}"#.utf8))
            #expect(read.etag == created.etag)
            let replaced = try container.replace(#"{"id":"1","pk":"a","n":2}"#)
            #expect(replaced.etag != created.etag)
            #expect(replaced.resourceID == created.resourceID)
            #expect(try container.read(id: "1", partitionKey: .string("a"))?.value()["n"] == .integer(2))
            try container.delete(id: "1", partitionKey: .string("a"))
            #expect(try container.read(id: "1", partitionKey: .string("a")) == nil)
            #expect(try container.count() == 0)
        }
    }

    @Test func identityIsPartitionKeyPlusID() throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            try container.create(#"{"id":"same","pk":"a"}"#)
            try container.create(#"{"id":"same","pk":"b"}"#)
            #expect(try container.count() == 2)
            let error = #expect(throws: StoreError.self) { try container.create(#"{"id":"same","pk":"a"}"#) }
            #expect(error?.code == .conflict)
            #expect(try container.read(id: "same", partitionKey: .string("c")) == nil)
        }
    }

    @Test func numericPartitionKeysCompareByValue() throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            try container.create(#"{"id":"x","pk":5}"#)
            #expect(try container.read(id: "x", partitionKey: PartitionKeyValue(.number(5.0))) != nil)
            let error = #expect(throws: StoreError.self) { try container.create(#"{"id":"x","pk":5.0}"#) }
            #expect(error?.code == .conflict)
        }
    }

    @Test func missingPartitionKeyIsUndefinedNotNull() throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            try container.create(#"{"id":"u"}"#)
            try container.create(#"{"id":"u","pk":null}"#)
            #expect(try container.read(id: "u", partitionKey: PartitionKeyValue(.undefined)) != nil)
            #expect(try container.read(id: "u", partitionKey: PartitionKeyValue(.null))?.value()["pk"] == .null)
        }
    }

    @Test func upsertOfAnEqualBodyChangesNothing() throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            let first = try container.upsert(#"{"id":"e","pk":"a","v":1.5}"#)
            #expect(first.outcome == .created)
            // Same body, differently spelled: whitespace, key order and escapes do not make it new.
            let again = try container.upsert(#"{ "v": 1.5, "pk": "a", "id": "\u0065" }"#)
            #expect(again.outcome == .unchanged)
            #expect(again.document.etag == first.document.etag)
            #expect(again.document.timestampMillis == first.document.timestampMillis)
            let changes = try store.read { snapshot in
                var lsns: [UInt64] = []
                try snapshot.scanChanges(in: container.properties, afterLSN: 0) { lsns.append($0.lsn); return true }
                return lsns
            }
            #expect(changes.count == 1)
            let changed = try container.upsert(#"{"id":"e","pk":"a","v":2}"#)
            #expect(changed.outcome == .replaced)
            #expect(changed.document.etag != first.document.etag)
        }
    }

    @Test func idCanComeFromTheEventID() throws {
        try withTemporaryStore { store in
            var definition = ContainerDefinition(id: "events", partitionKeyPath: "/deviceId")
            definition.idSourcePath = "/eventId"
            let container = try makeContainer(in: store, definition)
            let result = try container.upsert(#"{"eventId":"9b2f","deviceId":"d1","value":1}"#)
            #expect(result.document.id == "9b2f")
            #expect(try result.document.value()["id"] == .string("9b2f"))
            #expect(try container.upsert(#"{"eventId":"9b2f","deviceId":"d1","value":1}"#).outcome == .unchanged)
            let error = #expect(throws: StoreError.self) { try container.upsert(#"{"deviceId":"d1"}"#) }
            #expect(error?.message.contains("/eventId") == true)
        }
    }

    @Test func systemPropertiesAreGeneratedNotStored() throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            let stored = try container.create(#"{"id":"s","pk":"a","_rid":"forged","_etag":"x","_ts":1,"_self":"y","_attachments":"z"}"#)
            #expect(stored.body == Array(#"{"id":"s","pk":"a"}"#.utf8))
            let full = try JSONReader.parse(stored.jsonWithSystemProperties())
            #expect(full["_rid"] == .string(stored.resourceID))
            #expect(full["_etag"] == .string(stored.etag))
            #expect(full["_ts"] == .integer(stored.timestamp))
            #expect(full["_self"]?.stringValue?.hasSuffix("/docs/\(stored.resourceID)/") == true)
            #expect(full["_attachments"] == .string("attachments/"))
        }
    }

    @Test(arguments: [
        // Whitespace is removed outside strings only.
        (#" { "id" : "w" , "pk" : "a" , "s" : "x  y" } "#, #"{"id":"w","pk":"a","s":"x  y"}"#),
        // A repeated key keeps its last value, the one every lookup sees, in the position of that last occurrence.
        (#"{"id":"r","n":1,"pk":"a","n":2}"#, #"{"id":"r","pk":"a","n":2}"#),
        (#"{"id":"e","pk":"a","k":1,"\u006b":2}"#, #"{"id":"e","pk":"a","\u006b":2}"#),
        // Nested objects are stored as sent.
        (#"{"id":"o","pk":"a","o":{"x":1,"x":2}}"#, #"{"id":"o","pk":"a","o":{"x":1,"x":2}}"#),
    ])
    func storedBodiesAreMinifiedWithoutRepeatedKeys(sent: String, stored: String) throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            let document = try container.create(sent)
            #expect(String(decoding: document.body, as: UTF8.self) == stored)
            #expect(try JSONReader.parse(document.body) == JSONReader.parse(sent))
        }
    }

    @Test func systemPropertiesHaveTheServiceShapes() throws {
        #expect(ResourceIdentifier.database(1) == "AAAAAQ==")
        #expect(ResourceIdentifier.container(database: 1, container: 2) == "AAAAAQAAAAI=")
        #expect(ResourceIdentifier.document(database: 1, container: 2, document: 3) == "AAAAAQAAAAIAAAAAAAAAAw==")
        // '/' is written as '-' so that ids are safe in paths.
        #expect(ResourceIdentifier.document(database: 0xFFFF_FFFE, container: 0xFFFF_FFFF, document: 0xFBFF_FFFF_FFFF_FFFF)
            == "-----v-----7---------w==")
        #expect(SystemProperties.etag(container: 0x1A, lsn: 0x0001_0000_0000_00FF) == #""0000001a-0000-0000-0001-0000000000ff""#)
        var writer = JSONWriter()
        Array(#"{"id":"x"}"#.utf8).withUnsafeBytes { body in
            SystemProperties.write(body: body, databaseNumber: 1, containerNumber: 2, sequenceNumber: 3, lsn: 4,
                                   timestampMillis: 1_593_099_980_999, to: &writer)
        }
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"id":"x","_rid":"AAAAAQAAAAIAAAAAAAAAAw==","_self":"dbs/AAAAAQ==/colls/AAAAAQAAAAI=/docs/AAAAAQAAAAIAAAAAAAAAAw==/","_etag":"\"00000002-0000-0000-0000-000000000004\"","_attachments":"attachments/","_ts":1593099980}"#)
        writer.reset()
        Array("{}".utf8).withUnsafeBytes { body in
            SystemProperties.write(body: body, databaseNumber: 1, containerNumber: 2, sequenceNumber: 3, lsn: 4, timestampMillis: 0, to: &writer)
        }
        #expect(try JSONReader.parse(writer.bytes)["_ts"] == .integer(0))
    }

    /// The stored member directory must name exactly the members a scan of the stored body finds, for every way a
    /// body is prepared: copied as sent, id injected from the id source path, reserved and repeated keys dropped,
    /// escaped keys, and bodies past 64 KB (32-bit offsets).
    @Test func memberDirectoryMatchesTheStoredBody() throws {
        let wide = String(repeating: "w", count: 70_000)
        let bodies = [
            #"{"id":"plain","pk":"a","n":1,"nested":{"x":[1,2,{"y":null}]},"s":"q\"uote","t":true}"#,
            #"{ "eventId" : "injected" , "pk" : "a" , "v" : [ ] }"#,
            #"{"id":"reserved","_rid":"x","pk":"a","_ts":5,"_etag":"e","k":{}}"#,
            #"{"id":"repeated","pk":"a","k":1,"m":2,"k":3}"#,
            #"{"id":"escaped","pk":"a","a\"b":1,"\u00e9":2,"tab\t":"\\"}"#,
            #"{"id":"wide","pk":"a","big":"\#(wide)","after":{"z":1}}"#,
        ]
        try withTemporaryStore { store in
            let container = try makeContainer(in: store, ContainerDefinition(
                id: "c", partitionKey: PartitionKeyDefinition(paths: ["/pk"]), idSourcePath: "/eventId"))
            for body in bodies {
                let stored = try container.upsert(body).document
                try store.read { snapshot in
                    try snapshot.withDocument(id: stored.id, partitionKey: .string("a"), in: container.properties) { view in
                        var scanned: [JSONScanner.MemberSpan] = []
                        JSONScanner.forEachMember(in: view.body) { span in
                            scanned.append(span)
                            return true
                        }
                        let listed = (0..<view.topLevelMemberCount).map(view.topLevelMember(at:))
                        #expect(listed == scanned, "\(stored.id)")
                    }
                }
            }
        }
    }

    @Test func etagConditionsAreEnforced() throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            let created = try container.create(#"{"id":"c","pk":"a","n":1}"#)
            let stale = #expect(throws: StoreError.self) {
                try container.replace(#"{"id":"c","pk":"a","n":2}"#, condition: WriteCondition(ifMatch: "\"nope\""))
            }
            #expect(stale?.code == .preconditionFailed)
            let replaced = try container.replace(#"{"id":"c","pk":"a","n":2}"#, condition: WriteCondition(ifMatch: created.etag))
            let deleteError = #expect(throws: StoreError.self) {
                try container.delete(id: "c", partitionKey: .string("a"), condition: WriteCondition(ifMatch: created.etag))
            }
            #expect(deleteError?.code == .preconditionFailed)
            try container.delete(id: "c", partitionKey: .string("a"), condition: WriteCondition(ifMatch: replaced.etag))
            let missing = #expect(throws: StoreError.self) { try container.replace(#"{"id":"c","pk":"a"}"#) }
            #expect(missing?.code == .notFound)
        }
    }

    @Test(arguments: [
        (#"{"id":"a","pk":"a","#, "not valid JSON"),
        (#"[1,2]"#, "must be a JSON object"),
        (#"{"pk":"a"}"#, "no \"id\""),
        (#"{"id":5,"pk":"a"}"#, "must be a string"),
        (#"{"id":"","pk":"a"}"#, "must not be empty"),
        (#"{"id":"a/b","pk":"a"}"#, "must not contain '/'"),
        (#"{"id":"a#b","pk":"a"}"#, "must not contain '#'"),
        (#"{"id":".","pk":"a"}"#, "must not be '.'"),
        (#"{"id":"..","pk":"a"}"#, "must not be '..'"),
        (#"{"id":"a","pk":[1]}"#, "partition key value"),
        (#"{"id":"a","pk":"a",}"#, "trailing comma"),
    ])
    func badDocumentsAreRejectedAndNothingIsWritten(_ json: String, _ reason: String) throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            let error = #expect(throws: StoreError.self) { try container.upsert(json) }
            #expect(error?.code == .badRequest)
            #expect(error?.message.contains(reason) == true, "\(String(describing: error))")
            #expect(try container.count() == 0)
        }
    }

    @Test func idsUpToTheLimitWorkAndLongerOnesAreRejected() throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            let longest = String(repeating: "é", count: 511) + "x"  // 1,023 bytes
            try container.create(#"{"id":"\#(longest)","pk":"a"}"#)
            #expect(try container.read(id: longest, partitionKey: .string("a"))?.id == longest)
            let similar = String(repeating: "é", count: 511) + "y"
            #expect(try container.read(id: similar, partitionKey: .string("a")) == nil)
            let tooLong = String(repeating: "a", count: 1024)
            let error = #expect(throws: StoreError.self) { try container.create(#"{"id":"\#(tooLong)","pk":"a"}"#) }
            #expect(error?.code == .badRequest)
        }
    }

    @Test func partitionKeyClaimsMustMatchTheBody() throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            let error = #expect(throws: StoreError.self) {
                try container.create(#"{"id":"m","pk":"a"}"#, partitionKey: .string("b"))
            }
            #expect(error?.code == .badRequest)
            try container.create(#"{"id":"m","pk":"a"}"#, partitionKey: .string("a"))
        }
    }

    @Test func bodiesOverTwoMebibytesAreRejected() throws {
        try withTemporaryStore { store in
            let container = try makeContainer(in: store)
            let big = String(repeating: "x", count: 2 * 1024 * 1024)
            let error = #expect(throws: StoreError.self) { try container.create(#"{"id":"big","pk":"a","x":"\#(big)"}"#) }
            #expect(error?.code == .documentTooLarge)
            let fits = String(repeating: "x", count: 2 * 1024 * 1024 - 100)
            try container.create(#"{"id":"ok","pk":"a","x":"\#(fits)"}"#)
            #expect(try container.read(id: "ok", partitionKey: .string("a"))?.body.count ?? 0 > 2_000_000)
        }
    }

    @Test func uniqueKeysAreEnforcedWithinALogicalPartition() throws {
        try withTemporaryStore { store in
            var definition = ContainerDefinition(id: "u", partitionKeyPath: "/pk")
            definition.uniqueKeys = [["/email"]]
            let container = try makeContainer(in: store, definition)
            try container.create(#"{"id":"1","pk":"a","email":"x@y"}"#)
            let error = #expect(throws: StoreError.self) { try container.create(#"{"id":"2","pk":"a","email":"x@y"}"#) }
            #expect(error?.code == .conflict)
            try container.create(#"{"id":"2","pk":"b","email":"x@y"}"#)
            try container.replace(#"{"id":"1","pk":"a","email":"new@y"}"#)
            try container.create(#"{"id":"3","pk":"a","email":"x@y"}"#)
            try container.delete(id: "3", partitionKey: .string("a"))
            try container.create(#"{"id":"4","pk":"a","email":"x@y"}"#)
        }
    }

    @Test func dataSurvivesReopening() throws {
        try withTemporaryDirectory { path in
            do {
                let store = try DocumentStore(path: path)
                let container = try makeContainer(in: store)
                try container.create(#"{"id":"p","pk":"a"}"#)
                store.close()
            }
            let store = try DocumentStore(path: path)
            defer { store.close() }
            let container = try store.container("c", in: "db")
            #expect(try container.read(id: "p", partitionKey: .string("a")) != nil)
            #expect(try container.count() == 1)
        }
    }
}
