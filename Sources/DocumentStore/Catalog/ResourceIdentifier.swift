/// Cosmos-style resource ids (`_rid`): base64 of 4 bytes for a database, 8 for a container (its database's 4 plus
/// its own 4) and 16 for a document (its container's 8 plus its own 8), with `/` written as `-` so that they are
/// safe in paths.
public enum ResourceIdentifier {
    public static func database(_ number: UInt32) -> String {
        self.encode(self.bytes(of: number))
    }

    public static func container(database: UInt32, container: UInt32) -> String {
        self.encode(self.bytes(of: database) + self.bytes(of: container))
    }

    public static func document(database: UInt32, container: UInt32, document: UInt64) -> String {
        var bytes = self.bytes(of: database) + self.bytes(of: container)
        withUnsafeBytes(of: document.bigEndian) { bytes.append(contentsOf: $0) }
        return self.encode(bytes)
    }

    private static func bytes(of number: UInt32) -> [UInt8] {
        withUnsafeBytes(of: number.bigEndian, Array.init)
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-".utf8)

    /// Standard base64 with padding, `/` replaced by `-`.
    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 2 < bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] as [UInt32] {
                output.append(self.alphabet[Int((chunk >> shift) & 63)])
            }
            index += 3
        }
        let remaining = bytes.count - index
        if remaining > 0 {
            var chunk = UInt32(bytes[index]) << 16
            if remaining == 2 { chunk |= UInt32(bytes[index + 1]) << 8 }
            output.append(self.alphabet[Int((chunk >> 18) & 63)])
            output.append(self.alphabet[Int((chunk >> 12) & 63)])
            output.append(remaining == 2 ? self.alphabet[Int((chunk >> 6) & 63)] : UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        }
        return String(decoding: output, as: UTF8.self)
    }
}
