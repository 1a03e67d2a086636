import DocumentStore
import JSON
import QueryEngine
import StoreTestSupport
import Testing

/// Strings are compared ordinally (by code point) everywhere the language compares values: WHERE and IN (see
/// `SemanticsTests.stringEqualityIsOrdinal`), and also DISTINCT, GROUP BY, member lookup and ORDER BY. JSON object
/// equality is by members, whatever their order (as the SDKs' DISTINCT hashes objects).
@Suite struct OrdinalSemanticsTests {
    /// "é" precomposed and decomposed, "K" and the Kelvin sign: Swift's `String ==` merges each pair.
    static let documents = [
        #"{"id":"1","pk":"a","s":"\u00e9","n":{"\u00e9":"precomposed"},"tags":["\u00e9"]}"#,
        #"{"id":"2","pk":"a","s":"e\u0301","n":{"e\u0301":"decomposed"}}"#,
        #"{"id":"3","pk":"a","s":"K"}"#,
        #"{"id":"4","pk":"a","s":"\u212A"}"#,
        #"{"id":"5","pk":"a","s":"\u00e9"}"#,
    ]

    @Test func distinctKeepsCanonicallyEquivalentStringsApart() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            // Compared as code points: a Set<String> or [String] == would merge the very strings under test.
            let values = try Self.codePoints(container.rows("SELECT DISTINCT VALUE c.s FROM c"))
            #expect(values == [[0x22, 0x4B, 0x22], [0x22, 0x65, 0x301, 0x22], [0x22, 0xE9, 0x22], [0x22, 0x212A, 0x22]])
            let objects = try container.rows("SELECT DISTINCT c.s FROM c")
            #expect(objects.count == 4, "\(objects)")
            for pageSize in 1...4 {
                #expect(try Self.codePoints(container.rows("SELECT DISTINCT VALUE c.s FROM c", pageSize: pageSize)) == values)
            }
        }
    }

    @Test func groupByKeepsCanonicallyEquivalentStringsApart() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            let groups = try container.query("SELECT c.s, COUNT(1) AS n FROM c GROUP BY c.s").values
            #expect(groups.count == 4, "\(groups)")
            let counts = Dictionary(uniqueKeysWithValues: groups.compactMap { group in
                group["s"]?.stringValue.map { (Array($0.unicodeScalars.map(\.value)), group["n"]?.integerValue ?? -1) }
            })
            #expect(counts == [[0xE9]: 2, [0x65, 0x301]: 1, [0x4B]: 1, [0x212A]: 1])
        }
    }

    @Test func nestedMemberLookupMatchesTheExactName() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            #expect(try container.rows("SELECT VALUE c.n[\"\u{E9}\"] FROM c") == [#""precomposed""#])
            #expect(try container.rows("SELECT VALUE c.n[\"e\u{301}\"] FROM c") == [#""decomposed""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE IS_DEFINED(c.n[@k])", parameters: ["@k": "e\u{301}"]) == [#""2""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE IS_DEFINED(c.n[@k])", parameters: ["@k": "\u{E9}"]) == [#""1""#])
        }
    }

    @Test func canonicallyEquivalentQueryTextsAndPatternsAreDifferent() throws {
        try withDocuments(Self.documents) { (container: Container) throws in
            // Parsed queries are cached by their text: the second text must not be served the first one's parse.
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.s = '\u{E9}'") == [#""1""#, #""5""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.s = 'e\u{301}'") == [#""2""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.s = '\u{212A}'") == [#""4""#])
            #expect(try container.rows("SELECT VALUE c.id FROM c WHERE c.s = 'K'") == [#""3""#])
            // LIKE and REGEXMATCH patterns are compiled once per pattern; subqueries once per subquery.
            let patterns: [String: JSONValue] = ["@a": "\u{E9}", "@b": "e\u{301}", "@ra": "^\u{E9}$", "@rb": "^e\u{301}$"]
            #expect(try container.rows("SELECT VALUE [c.s LIKE @a, c.s LIKE @b] FROM c WHERE c.id = '1'", parameters: patterns) == ["[true,false]"])
            #expect(try container.rows("SELECT VALUE [REGEXMATCH(c.s, @ra), REGEXMATCH(c.s, @rb)] FROM c WHERE c.id = '1'", parameters: patterns)
                == ["[true,false]"])
            let subqueries = "SELECT VALUE [EXISTS(SELECT VALUE t FROM t IN c.tags WHERE t = '\u{E9}'), "
                + "EXISTS(SELECT VALUE t FROM t IN c.tags WHERE t = 'e\u{301}')] FROM c WHERE c.id = '1'"
            #expect(try container.rows(subqueries) == ["[true,false]"])
        }
    }

    /// Each row's code points, in row order.
    static func codePoints(_ rows: [String]) -> [[UInt32]] {
        rows.map { $0.unicodeScalars.map(\.value) }
    }

    @Test func distinctObjectsAreEqualWhateverTheirMemberOrder() throws {
        let documents = [
            #"{"id":"1","pk":"a","o":{"x":1,"y":{"p":true,"q":[1,2]}}}"#,
            #"{"id":"2","pk":"a","o":{"y":{"q":[1,2],"p":true},"x":1.0}}"#,
            #"{"id":"3","pk":"a","o":{"x":1,"y":{"p":true,"q":[2,1]}}}"#,
            #"{"id":"4","pk":"a","o":{"x":1,"y":{"p":true,"q":[1,2]},"z":null}}"#,
        ]
        try withDocuments(documents) { (container: Container) throws in
            let values = try container.query("SELECT DISTINCT VALUE c.o FROM c").values
            #expect(values.count == 3, "\(values)")
            // The earliest document's spelling represents the equal pair.
            #expect(values.contains { JSONWriter.string(from: $0) == #"{"x":1,"y":{"p":true,"q":[1,2]}}"# })
            #expect(try container.rows("SELECT DISTINCT c.o FROM c").count == 3)
            #expect(try container.rows("SELECT c.o, COUNT(1) AS n FROM c GROUP BY c.o").count == 3)
        }
    }

    @Test func orderByIsOrdinalBeyondTheBMPAndByCase() throws {
        // Code point order: "Z" (U+5A) < "a" (U+61) < "é" (U+E9) < "\u{FFFD}" < "😀" (U+1F600); UTF-16 order would put
        // the emoji (a surrogate pair, 0xD83D...) before U+FFFD, and a case-insensitive order would put "a" first.
        let strings = ["\u{1F600}", "a", "Z", "\u{FFFD}", "\u{E9}", "A", "z", "\u{10000}", "\u{FF21}"]
        let documents = strings.enumerated().map { #"{"id":"\#($0.offset)","pk":"a","s":"\#($0.element)"}"# }
        let expected = strings.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) { $0.value < $1.value } }
        #expect(expected == ["A", "Z", "a", "z", "\u{E9}", "\u{FF21}", "\u{FFFD}", "\u{10000}", "\u{1F600}"])
        var indexed = ContainerDefinition(id: "c", partitionKeyPath: "/pk")
        indexed.indexingPolicy = .only(rangePaths: ["/s"])
        for definition in [ContainerDefinition(id: "c", partitionKeyPath: "/pk"), indexed] {
            try withDocuments(documents, definition: definition) { (container: Container) throws in
                let ascending = try container.query("SELECT VALUE c.s FROM c ORDER BY c.s").values.compactMap(\.stringValue)
                #expect(ascending == expected)
                let descending = try container.query("SELECT VALUE c.s FROM c ORDER BY c.s DESC").values.compactMap(\.stringValue)
                #expect(descending == Array(expected.reversed()))
                #expect(try container.rows("SELECT VALUE c.s FROM c ORDER BY c.s", pageSize: 2) == container.rows("SELECT VALUE c.s FROM c ORDER BY c.s"))
                #expect(try container.rows("SELECT VALUE c.s FROM c WHERE c.s > 'z' ORDER BY c.s").count == 5)
            }
        }
    }
}
