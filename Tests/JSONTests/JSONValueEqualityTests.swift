import JSON
import Testing

/// JSON value equality is the query language's: strings and member names by code point (never Swift's canonical
/// equivalence), numbers by value, objects whatever their member order.
@Suite struct JSONValueEqualityTests {
    /// Pairs Swift's `String ==` calls equal although their code points differ.
    static let canonicallyEquivalentPairs: [(String, String)] = [
        ("\u{E9}", "e\u{301}"),  // é precomposed and decomposed
        ("K", "\u{212A}"),  // Latin K and the Kelvin sign
        ("\u{C5}", "\u{212B}"),  // Å and the Angstrom sign
        ("caf\u{E9}", "cafe\u{301}"),
    ]

    @Test func stringsAreEqualOnlyWithTheSameCodePoints() {
        for (first, second) in Self.canonicallyEquivalentPairs {
            #expect(first == second, "the premise: Swift's String == merges \(first.unicodeScalars.map(\.value))")
            #expect(JSONValue.string(first) != JSONValue.string(second))
            #expect(JSONValue.string(first) == JSONValue.string(String(first.unicodeScalars)))
            #expect(!OrdinalString.areEqual(first, second))
            #expect(OrdinalString(first) != OrdinalString(second))
        }
        #expect(OrdinalString.areEqual("", ""))
        #expect(!OrdinalString.areEqual("a", "ab"))
    }

    @Test func setsAndDictionariesKeepEquivalentStringsApart() {
        let values = Self.canonicallyEquivalentPairs.flatMap { [JSONValue.string($0.0), JSONValue.string($0.1)] }
        #expect(Set(values).count == values.count)
        let keys = Self.canonicallyEquivalentPairs.flatMap { [OrdinalString($0.0), OrdinalString($0.1)] }
        #expect(Set(keys).count == keys.count)
        // Nested in arrays and objects too.
        let arrays: Set<JSONValue> = [["\u{E9}"], ["e\u{301}"]]
        #expect(arrays.count == 2)
        let objects: Set<JSONValue> = [["k": "\u{E9}"], ["k": "e\u{301}"]]
        #expect(objects.count == 2)
    }

    @Test func memberNamesMatchByCodePoint() throws {
        let object = try JSONReader.parse(#"{"e\u0301":1,"K":2}"#)
        #expect(object["e\u{301}"] == 1)
        #expect(object["\u{E9}"] == nil)
        #expect(object["K"] == 2)
        #expect(object["\u{212A}"] == nil)

        // Both spellings are two members, each reachable.
        let both = try JSONReader.parse(#"{"\u00e9":1,"e\u0301":2}"#)
        #expect(both["\u{E9}"] == 1)
        #expect(both["e\u{301}"] == 2)
        #expect(try both != JSONReader.parse(#"{"e\u0301":2}"#))

        var edited = try #require(both.objectValue)
        edited["\u{E9}"] = 3
        #expect(edited["e\u{301}"] == 2)
        edited["\u{E9}"] = nil
        #expect(edited.keys == ["e\u{301}"])

        // Different member names are different objects.
        #expect(try JSONReader.parse(#"{"\u00e9":1}"#) != JSONReader.parse(#"{"e\u0301":1}"#))
    }

    @Test func objectsAreEqualWhateverTheirMemberOrder() throws {
        let first = try JSONReader.parse(#"{"a":1,"b":{"x":[1,2],"y":"s"}}"#)
        let second = try JSONReader.parse(#"{"b":{"y":"s","x":[1,2]},"a":1.0}"#)
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(Set([first, second]).count == 1)
        // Array order matters.
        #expect(try JSONReader.parse("[1,2]") != JSONReader.parse("[2,1]"))
    }
}
