/// MurmurHash3, x64 128-bit variant (Austin Appleby's public-domain algorithm), as Cosmos DB uses it for V2
/// effective partition keys. Public for the query engine's continuation tokens, which name an oversized sort key by
/// its hash. Not a cryptographic hash.
public enum MurmurHash3 {
    /// The two 64-bit halves `(h1, h2)` of the 128-bit hash of `bytes`.
    public static func hash128(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> (UInt64, UInt64) {
        let c1: UInt64 = 0x87c3_7b91_1142_53d5
        let c2: UInt64 = 0x4cf5_ad43_2745_937f
        var h1 = seed
        var h2 = seed
        let blockCount = bytes.count / 16
        for block in 0..<blockCount {
            var k1 = bytes.loadUnaligned(fromByteOffset: block * 16, as: UInt64.self).littleEndian
            var k2 = bytes.loadUnaligned(fromByteOffset: block * 16 + 8, as: UInt64.self).littleEndian
            k1 = k1 &* c1
            k1 = rotateLeft(k1, 31)
            k1 = k1 &* c2
            h1 ^= k1
            h1 = rotateLeft(h1, 27)
            h1 = h1 &+ h2
            h1 = h1 &* 5 &+ 0x52dc_e729
            k2 = k2 &* c2
            k2 = rotateLeft(k2, 33)
            k2 = k2 &* c1
            h2 ^= k2
            h2 = rotateLeft(h2, 31)
            h2 = h2 &+ h1
            h2 = h2 &* 5 &+ 0x3849_5ab5
        }
        let tail = blockCount * 16
        let remaining = bytes.count & 15
        var k1: UInt64 = 0
        var k2: UInt64 = 0
        if remaining > 8 {
            for index in stride(from: remaining - 1, through: 8, by: -1) {
                k2 ^= UInt64(bytes[tail + index]) << UInt64((index - 8) * 8)
            }
            k2 = k2 &* c2
            k2 = rotateLeft(k2, 33)
            k2 = k2 &* c1
            h2 ^= k2
        }
        if remaining > 0 {
            for index in stride(from: min(remaining, 8) - 1, through: 0, by: -1) {
                k1 ^= UInt64(bytes[tail + index]) << UInt64(index * 8)
            }
            k1 = k1 &* c1
            k1 = rotateLeft(k1, 31)
            k1 = k1 &* c2
            h1 ^= k1
        }
        h1 ^= UInt64(bytes.count)
        h2 ^= UInt64(bytes.count)
        h1 = h1 &+ h2
        h2 = h2 &+ h1
        h1 = finalMix(h1)
        h2 = finalMix(h2)
        h1 = h1 &+ h2
        h2 = h2 &+ h1
        return (h1, h2)
    }

    @inline(__always)
    private static func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }

    @inline(__always)
    private static func finalMix(_ value: UInt64) -> UInt64 {
        var k = value
        k ^= k >> 33
        k = k &* 0xff51_afd7_ed55_8ccd
        k ^= k >> 33
        k = k &* 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }
}
