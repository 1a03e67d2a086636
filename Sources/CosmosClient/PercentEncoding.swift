/// Percent-encoding over UTF-8 bytes with ASCII allow-lists, for the two places a request needs it: path segments
/// (database and container ids) and the authorization token.
///
/// Foundation's `addingPercentEncoding` builds a CharacterSet and goes through CFString on Linux; with one call per
/// path segment and one for the token on every request it was about a tenth of the simulator's CPU per upsert. Most
/// inputs need no encoding at all, so they are answered as they are.
enum PercentEncoding {
    /// Unreserved characters of RFC 3986 plus the sub-delimiters except `;`, and `:` and `@`: what Foundation's
    /// `urlPathAllowed` minus `/` leaves alone, so that paths are signed and sent exactly as before.
    static let pathSegment = Self.allowList("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,=:@")
    /// Letters, digits and `-_.!~*'()`: what JavaScript's encodeURIComponent leaves alone, as the SDKs encode the token.
    static let component = Self.allowList("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()")

    static func encode(_ text: String, allowing allowed: [Bool]) -> String {
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 < 128 && allowed[Int($0)] }) { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count * 3)
        for byte in utf8 {
            if byte < 128 && allowed[Int(byte)] {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func allowList(_ characters: String) -> [Bool] {
        var allowed = [Bool](repeating: false, count: 128)
        for byte in characters.utf8 { allowed[Int(byte)] = true }
        return allowed
    }
}
