import DocumentStore
import Foundation
import JSON
import QueryEngine
import StoreTestSupport
import Testing

/// The README's Swift example, compiled and run. The text between the markers is the README's code block (the test
/// below checks that README.md still contains it word for word), so the documented example cannot rot.
@Suite struct ReadmeExampleTests {
    struct Results {
        let ingest: IngestReport
        let page: QueryPage
        let nearby: [JSONValue]
        let count: [JSONValue]
    }

    static func runExample(directory: String) throws -> Results {
        // README example begins
        let store = try DocumentStore(path: directory)
        try store.createDatabase("telemetry")
        var definition = ContainerDefinition(id: "events", partitionKeyPath: "/deviceId")
        definition.idSourcePath = "/eventId"        // events without an "id" are identified by their eventId
        definition.defaultTimeToLive = 7 * 86_400   // seconds; an item's own "ttl" overrides it
        definition.indexingPolicy = .only(rangePaths: ["/epoch"], spatialPaths: ["/location/*"])
        let events = try store.createContainer(definition, in: "telemetry")

        // At-least-once delivery: the second copy of an event is reported as a duplicate and changes nothing.
        let event = #"{"eventId":"e-1","deviceId":"contoso-device-id-000154","epoch":1593099980,"#
            + #""sender":"python_kafka_sdk","location":{"type":"Point","coordinates":[-80.84,35.5]}}"#
        let report = try events.ingest(ndjson: Array((event + "\n" + event + "\n").utf8))
        print("created \(report.created), duplicates \(report.duplicates)")   // created 1, duplicates 1

        // Queries use the epoch range index and the spatial index; rows are UTF-8 JSON, a page at a time.
        let page = try events.query(
            "SELECT c.eventId, c.epoch FROM c WHERE c.epoch >= @from AND c.sender = 'python_kafka_sdk'",
            options: QueryOptions(parameters: ["@from": .integer(1_593_099_980)], maxItemCount: 100)
        )
        for row in page.rows { print(String(decoding: row, as: UTF8.self)) }   // {"eventId":"e-1","epoch":1593099980}
        let nearby = try events.queryAll(
            #"SELECT VALUE c.eventId FROM c WHERE ST_DISTANCE(c.location, {"type":"Point","coordinates":[-80.84,35.5]}) < 5000"#
        )
        let count = try events.queryAll("SELECT VALUE COUNT(1) FROM c")   // from the counters, no scan
        store.close()
        // README example ends
        return Results(ingest: report, page: page, nearby: nearby, count: count)
    }

    @Test func exampleRunsAndAnswersAsDocumented() throws {
        let results = try withTemporaryDirectory { try Self.runExample(directory: $0) }
        #expect(results.ingest.created == 1)
        #expect(results.ingest.duplicates == 1)
        #expect(results.page.rows.map { String(decoding: $0, as: UTF8.self) } == [#"{"eventId":"e-1","epoch":1593099980}"#])
        #expect(results.page.continuation == nil)
        #expect(results.nearby == [.string("e-1")])
        #expect(results.count == [.integer(1)])
    }

    @Test func readmeShowsThisExample() throws {
        let testFile = URL(fileURLWithPath: #filePath)
        let root = testFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: testFile, encoding: .utf8)
        let lines = source.components(separatedBy: "\n")
        guard let begin = lines.firstIndex(where: { $0.hasSuffix("// README example begins") }),
              let end = lines.firstIndex(where: { $0.hasSuffix("// README example ends") })
        else {
            Issue.record("markers missing")
            return
        }
        let example = lines[(begin + 1)..<end].map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : $0 }.joined(separator: "\n")
        #expect(readme.contains(example), "README.md must contain the example of ReadmeExampleTests.swift verbatim")
    }
}
