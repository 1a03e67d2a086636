import Crypto

/// The first 128 bits of a SHA-256 digest: small enough to remember one per document of a large import, and far too
/// wide for two different identities or bodies to meet by chance (a collision would skip a write).
struct Digest128: Hashable, Sendable {
    private let high: UInt64
    private let low: UInt64

    init(of bytes: [UInt8]) {
        self.init(bytes.withUnsafeBytes { SHA256.hash(data: $0) })
    }

    init(of bytes: UnsafeRawBufferPointer) {
        self.init(SHA256.hash(data: bytes))
    }

    private init(_ digest: SHA256.Digest) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in digest.prefix(16).enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.high = high
        self.low = low
    }
}
