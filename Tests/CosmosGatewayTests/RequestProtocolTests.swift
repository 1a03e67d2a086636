@testable import CosmosGateway
import Foundation
import HTTPTypes
import Testing

/// The per-request protocol pieces that were rewritten on bytes for speed: the master-key check, the signed
/// resource of a path, header lookups and activity ids. Each must keep the behaviour the SDKs rely on.
@Suite struct RequestProtocolTests {
    static let key = GatewayConfiguration.emulatorKey
    static let date = "Sat, 21 Nov 2026 05:33:59 GMT"

    /// A token as the SDKs send it: `type=master&ver=1.0&sig=...`, URL-encoded like encodeURIComponent.
    static func token(verb: String, type: String, link: String, date: String = Self.date, key: String = Self.key, encoded: Bool = true) -> String {
        let payload = MasterKeyAuthenticator.stringToSign(verb: verb, resourceType: type, resourceLink: link, msDate: date, date: nil)
        let raw = "type=master&ver=1.0&sig=\(MasterKeyAuthenticator.signature(for: payload, masterKey: key) ?? "")"
        return encoded ? raw.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? raw : raw
    }

    static func verify(_ authorization: String?, verb: String = "GET", type: String = "docs", link: String = "dbs/db/colls/c",
                       date: String = Self.date) throws(CosmosError) {
        try MasterKeyAuthenticator(masterKey: Self.key).verify(
            authorization: authorization, verb: verb, resourceType: type, resourceLink: link, msDate: date, date: nil)
    }

    @Test func signedRequestsPassEncodedOrNot() throws {
        try Self.verify(Self.token(verb: "GET", type: "docs", link: "dbs/db/colls/c"))
        try Self.verify(Self.token(verb: "GET", type: "docs", link: "dbs/db/colls/c", encoded: false))
        // Verb, type and date are compared lower-cased, the link exactly.
        try Self.verify(Self.token(verb: "get", type: "DOCS", link: "dbs/db/colls/c"), verb: "GET", type: "docs")
        try Self.verify(Self.token(verb: "GET", type: "docs", link: "dbs/db/colls/c", date: Self.date.uppercased()))
        #expect(throws: CosmosError.self) { try Self.verify(Self.token(verb: "GET", type: "docs", link: "dbs/DB/colls/c")) }
    }

    @Test func keysAndTypeAreCaseInsensitiveAndSpacesInTheSignatureReadAsPlus() throws {
        // Find a date whose signature contains a '+', then send it with the '+' turned into a space.
        var date = Self.date
        var signature = ""
        for second in 0..<600 {
            date = "Sat, 21 Nov 2026 05:\(second / 60 + 10):\(second % 60 + 10) GMT"
            let payload = MasterKeyAuthenticator.stringToSign(verb: "GET", resourceType: "dbs", resourceLink: "", msDate: date, date: nil)
            signature = MasterKeyAuthenticator.signature(for: payload, masterKey: Self.key) ?? ""
            if signature.contains("+") { break }
        }
        #expect(signature.contains("+"))
        let spaced = signature.replacingOccurrences(of: "+", with: " ")
        try Self.verify("TYPE=Master&VER=1.0&SIG=\(spaced)", type: "dbs", link: "", date: date)
        try Self.verify("type%3Dmaster%26ver%3D1.0%26sig%3D\(signature.replacingOccurrences(of: "+", with: "%2B"))", type: "dbs", link: "", date: date)
    }

    @Test func nonASCIILinksAreSignedAsTheyAre() throws {
        try Self.verify(Self.token(verb: "GET", type: "docs", link: "dbs/db/colls/c/docs/grüße"), type: "docs", link: "dbs/db/colls/c/docs/grüße")
    }

    @Test func badTokensAreUnauthorizedWithAReason() {
        func failure(_ authorization: String?) -> CosmosError? {
            do { try Self.verify(authorization) } catch { return error }
            return nil
        }
        #expect(failure(nil)?.status == 401)
        #expect(failure("")?.status == 401)
        #expect(failure("type=resource&ver=1.0&sig=abc")?.message.contains("type=resource") == true)
        #expect(failure("type=master&ver=1.0")?.message.contains("no valid 'sig'") == true)
        #expect(failure("type=master&ver=1.0&sig=***")?.message.contains("no valid 'sig'") == true)
        #expect(failure("%zz%&==&type=master&sig=%")?.status == 401)
        let wrongKey = failure(Self.token(verb: "GET", type: "docs", link: "dbs/db/colls/c", key: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
        #expect(wrongKey?.status == 401)
        #expect(wrongKey?.message.contains("'get\\ndocs\\ndbs/db/colls/c\\n\(Self.date.lowercased())\\n\\n'") == true)
    }

    @Test func theSignedResourceFollowsTheProtocol() throws {
        let cases: [(String, String, String)] = [
            ("/", "", ""),
            ("/dbs", "dbs", ""),
            ("/dbs/db/", "dbs", "dbs/db"),
            ("/dbs/db/colls", "colls", "dbs/db"),
            ("/dbs/db/colls/c/docs", "docs", "dbs/db/colls/c"),
            ("/dbs/db/colls/c/docs/a%20b", "docs", "dbs/db/colls/c/docs/a b"),
            ("/dbs/d%2Fb/colls/c/docs", "docs", "dbs/d/b/colls/c"),
            ("/dbs/db/colls/c/operations/partitionkeydelete", "colls", "dbs/db/colls/c"),
            ("/offers", "offers", ""),
            ("/offers/AAAAAQAAAAE=/", "offers", "aaaaaqaaaae="),
        ]
        for (raw, type, link) in cases {
            let path = try ResourcePath(rawPath: raw)
            #expect(path.resourceType == type, "\(raw)")
            #expect(path.resourceLink == link, "\(raw)")
        }
        #expect(throws: CosmosError.self) { try ResourcePath(rawPath: "/dbs/db/colls/c/docs/%G1") }
        #expect(throws: CosmosError.self) { try ResourcePath(rawPath: "/dbs//colls") }
    }

    @Test func headerLookupsMatchTheSubscript() {
        var fields = HTTPFields()
        fields[.prefer] = "Return=Minimal"
        fields.append(HTTPField(name: .accept, value: "a"))
        fields.append(HTTPField(name: .accept, value: "b"))
        #expect(fields.fieldValue(.prefer) == "Return=Minimal")
        #expect(fields.fieldValue(.accept) == fields[.accept])
        #expect(fields.fieldValue(.ifMatch) == nil)
        #expect("Return=Minimal".utf8.containsIgnoringASCIICase("return=minimal"))
        #expect(!"return=representation".utf8.containsIgnoringASCIICase("return=minimal"))
        #expect("Application/Query+JSON; charset=utf-8".utf8.hasPrefixIgnoringASCIICase("application/query+json"))
        #expect("TRUE".utf8.equalsIgnoringASCIICase("true"))
        #expect(!"truee".utf8.equalsIgnoringASCIICase("true"))
    }

    @Test func activityIDsAreUniqueGUIDs() {
        let ids = (0..<1000).map { _ in ActivityID.next() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(10) {
            #expect(UUID(uuidString: id) != nil)
            #expect(id == id.lowercased())
        }
    }
}
