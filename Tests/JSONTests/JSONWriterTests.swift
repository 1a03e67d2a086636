import JSON
import Testing

@Suite struct JSONWriterTests {
    @Test func escapesOnlyWhatJSONRequires() {
        #expect(JSONWriter.string(from: .string("a\"b\\c\n\u{01}é/")) == #""a\"b\\c\n\u0001é/""#)
    }

    @Test func writesNumbers() {
        #expect(JSONWriter.string(from: .integer(-9_223_372_036_854_775_808)) == "-9223372036854775808")
        #expect(JSONWriter.string(from: .integer(0)) == "0")
        #expect(JSONWriter.string(from: .double(2.5)) == "2.5")
        #expect(JSONWriter.string(from: .double(.infinity)) == "null")
    }

    @Test func roundTripsNestedValues() throws {
        let value: JSONValue = ["id": "x", "n": 1, "d": 1.5, "a": [true, false, nil, ["k": "v"]], "o": [:]]
        #expect(try JSONReader.parse(JSONWriter.string(from: value)) == value)
    }
}
