/// A half-open interval `[lowerBound, upperBound)` of effective partition keys: a partition key range, one logical
/// partition (`[EPK, EPK+1)`), or a hierarchical key prefix.
public struct EffectivePartitionKeyRange: Sendable, Hashable, CustomStringConvertible {
    public var lowerBound: EffectivePartitionKey
    public var upperBound: EffectivePartitionKey

    public init(lowerBound: EffectivePartitionKey, upperBound: EffectivePartitionKey) {
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    /// Every key.
    public static let all = EffectivePartitionKeyRange(lowerBound: .minimum, upperBound: .maximum)

    /// The keys of one logical partition, or of every partition under a hierarchical prefix.
    public init(partitionKey: PartitionKeyValue, definition: PartitionKeyDefinition) {
        let key = EffectivePartitionKey(partitionKey, kind: definition.kind)
        self.lowerBound = key
        if definition.kind == .multiHash && partitionKey.components.count < definition.paths.count {
            self.upperBound = EffectivePartitionKey(bytes: key.bytes + [0xFF])
        } else {
            self.upperBound = EffectivePartitionKey(bytes: key.bytes + [0x00])
        }
    }

    public init(_ range: PartitionKeyRange) {
        self.lowerBound = range.minInclusive
        self.upperBound = range.maxExclusive
    }

    @inline(__always)
    public func contains(_ key: UnsafeRawBufferPointer) -> Bool {
        !key.lexicographicallyPrecedes(self.lowerBound.bytes) && key.lexicographicallyPrecedes(self.upperBound.bytes)
    }

    public func contains(_ key: EffectivePartitionKey) -> Bool {
        self.lowerBound <= key && key < self.upperBound
    }

    /// The overlap of two ranges, or `nil` when they are disjoint.
    public func clamped(to other: EffectivePartitionKeyRange) -> EffectivePartitionKeyRange? {
        let lower = max(self.lowerBound, other.lowerBound)
        let upper = min(self.upperBound, other.upperBound)
        return lower < upper ? EffectivePartitionKeyRange(lowerBound: lower, upperBound: upper) : nil
    }

    public var isAll: Bool { self.lowerBound == .minimum && self.upperBound >= .maximum }

    public var description: String { "[\(self.lowerBound.hex), \(self.upperBound.hex))" }
}
