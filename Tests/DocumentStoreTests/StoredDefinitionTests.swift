@testable import DocumentStore
import JSON
import Testing

/// Container definitions read back from the catalog: what an earlier build stored must still open.
@Suite struct StoredDefinitionTests {
    /// Builds before computed properties were interpreted kept `computedProperties` verbatim, whatever it held. Such a
    /// definition opens with the list uninterpreted and echoed back, rather than making the whole store unreadable.
    @Test func computedPropertiesTheRulesRefuseStayVerbatim() throws {
        for list in [#"[{"name":"id","query":"SELECT VALUE 1 FROM c"}]"#, #""not a list""#, #"[{"name":"a"}]"#] {
            let json = try JSONReader.parse(#"{"id":"c","partitionKey":{"paths":["/pk"]},"computedProperties":\#(list)}"#)
            #expect(throws: StoreError.self) { try ContainerDefinition(json: json) }
            let stored = try ContainerDefinition(storedJSON: json)
            #expect(stored.computedProperties.isEmpty)
            #expect(stored.jsonValue["computedProperties"] == json["computedProperties"])
        }
        let valid = try JSONReader.parse(#"{"id":"c","partitionKey":{"paths":["/pk"]},"computedProperties":[{"name":"a","query":"SELECT VALUE 1 FROM c"}]}"#)
        #expect(try ContainerDefinition(storedJSON: valid) == ContainerDefinition(json: valid))
        #expect(try ContainerDefinition(storedJSON: valid).computedProperties == [ComputedProperty(name: "a", query: "SELECT VALUE 1 FROM c")])
    }
}
