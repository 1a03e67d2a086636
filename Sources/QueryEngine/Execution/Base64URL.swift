/// URL-safe base64 without padding, for continuation tokens (they travel in HTTP headers).
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let values: [UInt8: UInt32] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, UInt32($0)) })

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let remaining = min(3, bytes.count - index)
            var chunk: UInt32 = 0
            for offset in 0..<3 {
                chunk = chunk << 8 | (offset < remaining ? UInt32(bytes[index + offset]) : 0)
            }
            for position in 0...remaining {
                output.append(self.alphabet[Int((chunk >> UInt32(18 - 6 * position)) & 63)])
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes, or `nil` when the text is not URL-safe base64.
    static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var chunk: UInt32 = 0
        var bits = 0
        for character in text.utf8 {
            guard let value = self.values[character] else { return nil }
            chunk = chunk << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((chunk >> UInt32(bits)) & 0xFF))
            }
        }
        return output
    }
}
