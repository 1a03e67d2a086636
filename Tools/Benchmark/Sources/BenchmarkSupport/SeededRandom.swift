/// A fast, reproducible random number generator (xoshiro256**, seeded through SplitMix64), so that the same seed
/// always produces the same events and the same query parameters on every machine and toolchain.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

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

    /// A double uniformly drawn from `[0, 1)` with 53 random bits (the standard library's own mapping may change).
    public mutating func nextUnit() -> Double {
        Double(self.next() >> 11) * 0x1.0p-53
    }

    /// A double uniformly drawn from `range`.
    public mutating func nextDouble(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + self.nextUnit() * (range.upperBound - range.lowerBound)
    }

    /// An integer uniformly drawn from `0..<bound` (Lemire's multiply-shift; the bias is negligible for our bounds).
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0)
        return Int(self.next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    public mutating func nextBool() -> Bool {
        self.next() >> 63 == 1
    }

    private static func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}
