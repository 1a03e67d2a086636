/// One physical partition of a container: the half-open interval `[minInclusive, maxExclusive)` of effective
/// partition keys. A container's ranges split the space evenly and cover it without gaps.
public struct PartitionKeyRange: Sendable, Hashable {
    /// `"0"`, `"1"`, ...
    public let id: String
    public let index: Int
    public let minInclusive: EffectivePartitionKey
    /// ``EffectivePartitionKey/maximum`` (`"FF"`) for the last range.
    public let maxExclusive: EffectivePartitionKey

    public func contains(_ key: EffectivePartitionKey) -> Bool {
        self.minInclusive <= key && key < self.maxExclusive
    }

    /// `count` ranges splitting the V2 hash space `[0, 2^126)` into equal parts; the first starts at `""` and the
    /// last ends at `"FF"`, as the service writes them.
    public static func split(count: Int) -> [PartitionKeyRange] {
        precondition(count >= 1, "a container has at least one partition key range")
        var boundaries: [EffectivePartitionKey] = [.minimum]
        for index in 1..<max(count, 1) {
            // boundary = index * 2^126 / count, in the top 64 bits of a 128-bit key.
            let product = (UInt64(1) << 62).multipliedFullWidth(by: UInt64(index))
            let quotient = UInt64(count).dividingFullWidth(product).quotient
            var bytes = withUnsafeBytes(of: quotient.bigEndian, Array.init)
            bytes.append(contentsOf: [UInt8](repeating: 0, count: 8))
            boundaries.append(EffectivePartitionKey(bytes: bytes))
        }
        boundaries.append(.maximum)
        return (0..<count).map { index in
            PartitionKeyRange(id: String(index), index: index, minInclusive: boundaries[index], maxExclusive: boundaries[index + 1])
        }
    }

    /// The index of the range holding `key` among `ranges` (sorted, as ``split(count:)`` makes them).
    public static func index(of key: EffectivePartitionKey, in ranges: [PartitionKeyRange]) -> Int {
        var low = 0
        var high = ranges.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if ranges[middle].minInclusive <= key {
                low = middle
            } else {
                high = middle - 1
            }
        }
        return low
    }
}
