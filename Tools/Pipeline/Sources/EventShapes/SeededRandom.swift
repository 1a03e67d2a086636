/// A fast, seedable pseudo-random generator (xoshiro256**, seeded through SplitMix64).
///
/// Every generator in this module draws from one of these in a fixed order, so the same seed always yields the same
/// events, byte for byte. It is not cryptographically secure and is not meant to be.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// - Parameter seed: any value; equal seeds give equal sequences.
    public init(seed: UInt64) {
        var mixer = seed
        func splitMix() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        self.state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    public mutating func next() -> UInt64 {
        let result = Self.rotate(self.state.1 &* 5, 7) &* 9
        let shifted = self.state.1 << 17
        self.state.2 ^= self.state.0
        self.state.3 ^= self.state.1
        self.state.1 ^= self.state.2
        self.state.0 ^= self.state.3
        self.state.2 ^= shifted
        self.state.3 = Self.rotate(self.state.3, 45)
        return result
    }

    /// A double uniformly distributed in `[0, 1)` (53 random bits).
    public mutating func unit() -> Double {
        Double(self.next() >> 11) * 0x1.0p-53
    }

    /// A double uniformly distributed in `range`.
    public mutating func double(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + self.unit() * (range.upperBound - range.lowerBound)
    }

    /// An integer uniformly distributed in `0..<bound` (`bound` > 0).
    public mutating func index(below bound: Int) -> Int {
        precondition(bound > 0, "the bound must be positive")
        // Lemire's multiply-shift: unbiased enough for 64-bit input and small bounds, and branch-free.
        return Int(self.next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    private static func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}
