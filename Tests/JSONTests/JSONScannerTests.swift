import JSON
import Testing

@Suite struct JSONScannerTests {
    static let document = #"{"id":"a\"b","sender":"python_kafka_sdk","nested":{"sender":"inner","x":[1,{"y":"}"}]},"k\u0065y":5,"epoch":1593099980,"last":null}"#

    func valueText(_ key: String) -> String? {
        var text = Self.document
        return text.withUTF8 { buffer -> String? in
            let raw = UnsafeRawBufferPointer(buffer)
            guard let range = JSONScanner.member(named: key, in: raw) else { return nil }
            return String(decoding: UnsafeRawBufferPointer(rebasing: raw[range]), as: UTF8.self)
        }
    }

    @Test func findsTopLevelMembersWithoutParsingTheRest() {
        #expect(self.valueText("sender") == #""python_kafka_sdk""#)
        #expect(self.valueText("epoch") == "1593099980")
        #expect(self.valueText("nested") == #"{"sender":"inner","x":[1,{"y":"}"}]}"#)
        #expect(self.valueText("id") == #""a\"b""#)
        #expect(self.valueText("last") == "null")
        #expect(self.valueText("missing") == nil)
    }

    @Test func decodesEscapedKeys() {
        #expect(self.valueText("key") == "5")
    }

    @Test func agreesWithTheParserOnEveryMember() throws {
        let parsed = try JSONReader.parse(Self.document)
        var text = Self.document
        try text.withUTF8 { buffer in
            let raw = UnsafeRawBufferPointer(buffer)
            var seen: [String] = []
            var failure: (any Error)?
            JSONScanner.forEachMember(in: raw) { span in
                let key = JSONScanner.decodedKey(of: span, in: raw)
                seen.append(key)
                do {
                    let value = try JSONReader.parse(UnsafeRawBufferPointer(rebasing: raw[span.value]))
                    #expect(parsed[key] == value)
                } catch {
                    failure = error
                }
                return true
            }
            if let failure { throw failure }
            #expect(seen == parsed.objectValue?.keys)
        }
    }

    @Test(arguments: [
        (" { \"a b\" : [ 1 , 2 ] ,\n\t\"c\":\"x \\\" y\" } ", #"{"a b":[1,2],"c":"x \" y"}"#),
        ("[ \"\\\\\" , \" \" ]", #"["\\"," "]"#),
        ("12", "12"),
    ])
    func minifiesOutsideStringsOnly(text: String, expected: String) throws {
        let minified = Array(text.utf8).withUnsafeBytes { JSONScanner.minified($0) }
        #expect(String(decoding: minified, as: UTF8.self) == expected)
        #expect(try JSONReader.parse(minified) == JSONReader.parse(text))
        #expect(try JSONReader.parseDocument(minified).isMinified)
    }
}
