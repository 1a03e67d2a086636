@testable import DocumentStore
import JSON
import Testing

/// The V2 effective partition key must match the service byte for byte (test vectors from cosmos-wire.md 8.3,
/// observed from the real SDK).
@Suite struct EffectivePartitionKeyTests {
    @Test(arguments: [
        (PartitionKeyValue.Component.string("a"), "3A5381E1114EB8D3FCC90795045B49B7"),
        (.string("b"), "195644569A78B1E22D200348AF9416CE"),
        (.string(""), "32E9366E637A71B4E710384B2F4970A0"),
        (.number(5), "19C08621B135968252FB34B4CF66F811"),
        (.number(5.5), "0E2EE47829D1AF775EEFB6540FD1D0ED"),
        (.bool(true), "0E711127C5B5A8E4726AC6DD306A3E59"),
        (.bool(false), "2FE1BE91E90A3439635E0E9E37361EF2"),
        (.null, "378867E4430E67857ACE5C908374FE16"),
        (.undefined, "11622DAA78F835834610ABE56EFF5CB5"),
        (.string("pk"), "20FD8FE780DCFA0692905152C35E10D9"),
    ])
    func singlePathVectors(_ component: PartitionKeyValue.Component, _ expected: String) {
        #expect(EffectivePartitionKey(PartitionKeyValue(component), kind: .hash).hex == expected)
    }

    @Test func hierarchicalKeysHashEachLevel() {
        let key = PartitionKeyValue([.string("x"), .string("y"), .string("z")])
        #expect(
            EffectivePartitionKey(key, kind: .multiHash).hex
                == "11E3F358618BE9AA5BAFF4C7C74F0716" + "1880C5B898FDA99DA53B2ABCC61E625C" + "0A35DCD01A675F45B7B7D0CFCE672B6B"
        )
        let prefix = EffectivePartitionKeyRange(partitionKey: PartitionKeyValue(.string("x")),
                                                definition: PartitionKeyDefinition(paths: ["/a", "/b", "/c"]))
        #expect(prefix.lowerBound.hex == "11E3F358618BE9AA5BAFF4C7C74F0716")
        #expect(prefix.upperBound.hex == "11E3F358618BE9AA5BAFF4C7C74F0716FF")
        #expect(prefix.contains(EffectivePartitionKey(key, kind: .multiHash)))
    }

    @Test func emptyKeyIsTheMinimum() {
        #expect(EffectivePartitionKey(PartitionKeyValue([]), kind: .hash).hex == "")
    }

    @Test func integersHashLikeEqualDoubles() {
        let integer = PartitionKeyValue.Component(.integer(5))
        #expect(integer == .number(5))
    }

    /// Reference values of MurmurHash3_x64_128 with seed 0, from an independent implementation (the `mmh3` Python
    /// package), covering a short tail, a tail of 15, exactly one block, a block plus one byte, and two blocks minus two.
    @Test(arguments: [
        ("hello", 0xcbd8_a7b3_41bd_9b02 as UInt64, 0x5b1e_906a_48ae_1d19 as UInt64),
        ("The quick brown", 0x4813_7cb8_64e3_9216, 0xfd7b_af64_397a_d64b),
        ("The quick brown ", 0x9d12_44f4_af9b_32c4, 0x3d15_3c8b_2c2a_3aa6),
        ("The quick brown f", 0x91f9_6376_e757_e9ae, 0x9b44_e58d_ae83_eb0c),
        ("The quick brown fox jumps over", 0x89ac_74e0_6f1c_6a5d, 0x4dd2_7189_0c8e_bf03),
    ])
    func murmurMatchesAReferenceImplementation(_ text: String, _ expected1: UInt64, _ expected2: UInt64) {
        let (h1, h2) = Array(text.utf8).withUnsafeBytes { MurmurHash3.hash128($0) }
        #expect(h1 == expected1)
        #expect(h2 == expected2)
    }

    @Test func rangesSplitTheHashSpaceEvenly() {
        let ranges = PartitionKeyRange.split(count: 5)
        #expect(ranges.count == 5)
        #expect(ranges.first?.minInclusive.hex == "")
        #expect(ranges.last?.maxExclusive.hex == "FF")
        for (left, right) in zip(ranges, ranges.dropFirst()) {
            #expect(left.maxExclusive == right.minInclusive)
        }
        #expect(ranges[1].minInclusive.hex == "0CCCCCCCCCCCCCCC0000000000000000")
        let key = EffectivePartitionKey(PartitionKeyValue(.string("a")), kind: .hash)
        let index = PartitionKeyRange.index(of: key, in: ranges)
        #expect(ranges[index].contains(key))
        #expect(PartitionKeyRange.split(count: 1).map(\.id) == ["0"])
    }
}
