import JSON
import QueryEngine
import Testing

/// Queries over in-memory values (databases, containers and offers of the REST API; patch conditions) bind the FROM
/// clause the way container queries do.
@Suite struct InMemoryQueryTests {
    static let values: [JSONValue] = [
        ["id": "a", "resource": "dbs/AAAAAQ==/", "tags": ["x", "y"]],
        ["id": "b", "resource": "dbs/AAAAAg==/", "tags": ["z"]],
    ]

    @Test func fromAnAliasedContainerBindsTheAlias() throws {
        // What the SDKs send for offers: SELECT * FROM root r WHERE r.resource = @link.
        let found = try InMemoryQuery.run("SELECT * FROM root r WHERE r.resource = @link", parameters: ["@link": "dbs/AAAAAg==/"],
                                          over: Self.values)
        #expect(found == [Self.values[1]])
        #expect(try InMemoryQuery.run("SELECT VALUE r.id FROM root AS r", over: Self.values) == ["a", "b"])
        #expect(try InMemoryQuery.run("SELECT VALUE c.id FROM c WHERE c.id = 'a'", over: Self.values) == ["a"])
        #expect(throws: QueryError.self) { try InMemoryQuery.run("SELECT VALUE root.id FROM root r", over: Self.values) }
    }

    @Test func fromAPathIteratesIt() throws {
        #expect(try InMemoryQuery.run("SELECT VALUE t FROM t IN c.tags", over: Self.values) == ["x", "y", "z"])
        #expect(try InMemoryQuery.run("SELECT VALUE t FROM c JOIN t IN c.tags WHERE c.id = 'a'", over: Self.values) == ["x", "y"])
    }
}
