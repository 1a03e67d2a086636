@testable import CosmosClient
import Foundation
import Testing

/// The byte-level percent-encoder must encode exactly what Foundation's `addingPercentEncoding` encoded before (for
/// ASCII), or signed paths and tokens would change on the wire.
@Suite("Percent-encoding of path segments and the authorization token")
struct PercentEncodingTests {
    static let foundationComponent: CharacterSet = {
        var set = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        set.insert(charactersIn: "-_.!~*'()")
        return set
    }()

    static let foundationPathSegment: CharacterSet = {
        var set = CharacterSet.urlPathAllowed
        set.remove(charactersIn: "/")
        return set
    }()

    @Test("examples")
    func examples() {
        #expect(PercentEncoding.encode("rawdata", allowing: PercentEncoding.pathSegment) == "rawdata")
        #expect(PercentEncoding.encode("a b/c?d#e", allowing: PercentEncoding.pathSegment) == "a%20b%2Fc%3Fd%23e")
        #expect(PercentEncoding.encode("é", allowing: PercentEncoding.pathSegment) == "%C3%A9")
        #expect(PercentEncoding.encode("type=master&ver=1.0&sig=ab+/c=", allowing: PercentEncoding.component)
                == "type%3Dmaster%26ver%3D1.0%26sig%3Dab%2B%2Fc%3D")
        #expect(PercentEncoding.encode("", allowing: PercentEncoding.component) == "")
    }

    @Test("agrees with addingPercentEncoding on every ASCII character and on random ASCII strings")
    func agreesWithFoundation() {
        var generator = SystemRandomNumberGenerator()
        var inputs = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        for _ in 0..<500 {
            inputs.append(String((0..<Int.random(in: 1...40, using: &generator)).map { _ in
                Character(UnicodeScalar(UInt8.random(in: 0...127, using: &generator)))
            }))
        }
        for input in inputs {
            #expect(PercentEncoding.encode(input, allowing: PercentEncoding.component)
                    == input.addingPercentEncoding(withAllowedCharacters: Self.foundationComponent), "\(Array(input.utf8))")
            #expect(PercentEncoding.encode(input, allowing: PercentEncoding.pathSegment)
                    == input.addingPercentEncoding(withAllowedCharacters: Self.foundationPathSegment), "\(Array(input.utf8))")
        }
    }
}
