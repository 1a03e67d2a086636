import Foundation
import JSON
import Testing

@Suite struct JSONReaderTests {
    @Test func integersStayExactToSixtyFourBits() throws {
        #expect(try JSONReader.parse("9223372036854775807") == .integer(.max))
        #expect(try JSONReader.parse("-9223372036854775808") == .integer(.min))
        #expect(try JSONReader.parse("1593099980") == .integer(1_593_099_980))
        // One past Int64 becomes the nearest double.
        #expect(try JSONReader.parse("9223372036854775808") == .double(9_223_372_036_854_775_808.0))
        #expect(try JSONReader.parse("-0") == .integer(0))
        let parsed = try JSONReader.parse("12345678901234567")
        #expect(parsed.integerValue == 12_345_678_901_234_567)
    }

    @Test func doublesRoundTripExactly() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let bits = generator.next() as UInt64
            let value = Double(bitPattern: bits)
            guard value.isFinite else { continue }
            let text = JSONWriter.string(from: .double(value))
            let parsed = try JSONReader.parse(text)
            #expect(parsed.doubleValue?.bitPattern == value.bitPattern || (value == 0 && parsed.doubleValue == 0), "\(text)")
        }
        for text in ["-80.84", "35.5", "0.1", "1e-7", "2.2250738585072014e-308", "1.7976931348623157e308", "123.456e-10"] {
            #expect(try JSONReader.parse(text).doubleValue == Double(text))
        }
    }

    @Test func objectKeyOrderIsPreserved() throws {
        let value = try JSONReader.parse(#"{"z":1,"a":2,"m":{"y":1,"b":2}}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(JSONWriter.string(from: value) == #"{"z":1,"a":2,"m":{"y":1,"b":2}}"#)
    }

    @Test func repeatedKeysKeepTheLastOnLookup() throws {
        let value = try JSONReader.parse(#"{"a":1,"a":2}"#)
        #expect(value["a"] == .integer(2))
        #expect(value == ["a": 2])
    }

    @Test func equalityFollowsJSONValues() throws {
        #expect(JSONValue.integer(5) == .double(5.0))
        #expect(JSONValue.integer(5).hashValue == JSONValue.double(5.0).hashValue)
        #expect(try JSONReader.parse(#"{"a":1,"b":[1,2]}"#) == JSONReader.parse(#"{"b":[1.0,2],"a":1}"#))
        #expect(JSONValue.string("5") != .integer(5))
        #expect(JSONValue.array([1, 2]) != .array([2, 1]))
    }

    @Test func stringsDecodeEscapesAndSurrogatePairs() throws {
        #expect(try JSONReader.parse(#""a\"b\\c\/d\n\u00e9\ud834\udd1e""#) == .string("a\"b\\c/d\né\u{1D11E}"))
        #expect(try JSONReader.parse(#""caf\u00E9 é""#) == .string("café é"))
    }

    @Test(arguments: [
        ("[1,2,]", 5, "trailing comma"),
        (#"{"a":1,}"#, 7, "trailing comma"),
        (#""\x""#, 1, "invalid escape"),
        (#""\ud800""#, 1, "surrogate"),
        (#""\udc00""#, 1, "lone low surrogate"),
        ("01", 0, "leading zeros"),
        ("NaN", 0, "unexpected"),
        ("[1] x", 4, "after the JSON value"),
        ("1e999", 0, "too large"),
        ("{\"a\":\"\u{01}\"}", 6, "control character"),
    ])
    func rejectsWithOffsetAndReason(_ text: String, _ offset: Int, _ reason: String) {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(text) }
        #expect(error?.offset == offset, "\(String(describing: error))")
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    @Test func rejectsInvalidUTF8WithItsOffset() {
        let bytes: [UInt8] = [0x22, 0x61, 0xC3, 0x28, 0x22]
        let error = #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(bytes) }
        #expect(error?.offset == 2)
        let overlong: [UInt8] = [0x22, 0xC0, 0xAF, 0x22]
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(overlong) }
    }

    @Test func nestingIsBoundedWithoutExhaustingTheStack() throws {
        let deep = String(repeating: "[", count: 100_000)
        let error = #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(deep) }
        #expect(error?.reason.contains("nesting") == true)
        let allowed = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        _ = try JSONReader.parse(allowed)
    }

    @Test func deepNestingIsSafeOnSecondaryThreads() async throws {
        // Secondary threads have small stacks; the bound must hold there too (parse, print, compare, free).
        let text = String(repeating: #"{"a":["#, count: 256) + "1" + String(repeating: "]}", count: 256)
        let result = try await Task.detached {
            let value = try JSONReader.parse(text)
            return JSONWriter.string(from: value) == text && value == value
        }.value
        #expect(result)
    }

    @Test func reportsWhetherTheTextWasMinified() throws {
        #expect(try JSONReader.parseDocument(Array(#"{"a":[1,2],"b":"x y"}"#.utf8)).isMinified)
        #expect(try !JSONReader.parseDocument(Array(#"{"a": 1}"#.utf8)).isMinified)
        #expect(try !JSONReader.parseDocument(Array("{\"a\":1}\n".utf8)).isMinified)
    }

    @Test(arguments: [
        (#"{"a":[1,2],"b":"x y"}"#, true, true),
        (#"{"a": 1}"#, false, true),
        ("[1,2]", true, false),
        (#""caf\u00e9""#, true, false),
        ("1e-400", true, false),
    ])
    func validationReportsShapeWithoutBuilding(text: String, minified: Bool, object: Bool) throws {
        let validation = try Array(text.utf8).withUnsafeBytes { try JSONReader.validate($0) }
        #expect(validation.isMinified == minified)
        #expect(validation.isObject == object)
    }

    @Test(arguments: ["1e400", "[-1" + String(repeating: "0", count: 400) + "]", "123456789.5e305", #"{"a":"\ud800"}"#])
    func validationRejectsWhatParsingRejects(text: String) {
        let parsing = #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(text) }
        let validation = #expect(throws: JSONSyntaxError.self) {
            try Array(text.utf8).withUnsafeBytes { try JSONReader.validate($0) }
        }
        #expect(parsing == validation)
    }

    @Test func agreesWithFoundationOnARealisticEvent() throws {
        let text = #"{"eventId":"9b2f6a5e-1c1d-4f3a-9a57-1f1a1b1c1d1e","deviceId":"contoso-device-id-000154","value":49.03,"createdAt":"2020-06-25T15:46:20.123456Z","complexData":{"moreData0":57.739,"moreData1":-0.5}}"#
        let ours = try JSONReader.parse(text)
        let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(ours["deviceId"]?.stringValue == theirs?["deviceId"] as? String)
        #expect(ours["value"]?.doubleValue == theirs?["value"] as? Double)
        #expect(ours["complexData"]?["moreData1"]?.doubleValue == -0.5)
    }
}
