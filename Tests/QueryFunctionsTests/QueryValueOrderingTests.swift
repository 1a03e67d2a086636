import JSON
import QueryFunctions
import Testing

@Suite struct QueryValueOrderingTests {
    @Test func typesSortInTheDocumentedOrder() {
        let ascending: [JSONValue?] = [
            nil, .null, false, true, .integer(.min), -1.5, 0, 0.5, 1, .integer(.max), 1e300, "", "A", "Z", "a", "é", "😀",
            [], [.null], [1], [1, 2], [2], ["a"], [[:]], [:], ["a": 1], ["a": 1, "b": 0], ["a": 2], ["b": 0],
        ]
        for (index, lower) in ascending.enumerated() {
            for higher in ascending[(index + 1)...] {
                #expect(QueryValueOrdering.compare(lower, higher) == -1, "\(String(describing: lower)) < \(String(describing: higher))")
                #expect(QueryValueOrdering.compare(higher, lower) == 1)
            }
            #expect(QueryValueOrdering.compare(lower, lower) == 0)
        }
    }

    @Test func numbersCompareExactlyAcrossRepresentations() {
        #expect(QueryValueOrdering.compare(5, 5.0) == 0)
        #expect(QueryValueOrdering.compare(.integer(9_007_199_254_740_993), .double(9_007_199_254_740_992)) == 1)
        #expect(QueryValueOrdering.compare(.double(9_007_199_254_740_992), .integer(9_007_199_254_740_993)) == -1)
        #expect(QueryValueOrdering.compare(.integer(.max), .double(9.223372036854775808e18)) == -1)
        #expect(QueryValueOrdering.compare(.integer(.min), .double(-9.223372036854775808e18)) == 0)
        #expect(QueryValueOrdering.compare(-1, -0.5) == -1)
        #expect(QueryValueOrdering.compare(-0.0, 0) == 0)
        #expect(QueryValueOrdering.compare(.double(.nan), .double(-.infinity)) == -1)
        #expect(QueryValueOrdering.compare(.double(.infinity), .integer(.max)) == 1)
    }

    @Test func stringsCompareByCodePoint() {
        // UTF-16 order would put U+FF5E (a BMP character) after U+1F600 (a surrogate pair); code-point order does not.
        #expect(QueryValueOrdering.compare("\u{FF5E}", "😀") == -1)
        #expect(QueryValueOrdering.compare("ab", "abc") == -1)
        #expect(QueryValueOrdering.compare("B", "a") == -1)
    }

    @Test func objectsCompareSortedMembers() {
        #expect(QueryValueOrdering.compare(["b": 1, "a": 2], ["a": 2, "b": 1]) == 0)
        #expect(QueryValueOrdering.compare(["b": 1], ["a": 2, "b": 1]) == 1)
        #expect(QueryValueOrdering.compare(["a": 1], ["a": 1, "b": 0]) == -1)
        var repeated = JSONObject()
        repeated.append(key: "a", value: 1)
        repeated.append(key: "a", value: 2)
        #expect(QueryValueOrdering.compare(.object(repeated), ["a": 2]) == 0)
    }

    @Test func isATotalOrderOverARandomSample() {
        var generator = SeededGenerator(state: 42)
        var sample: [JSONValue?] = [nil]
        for _ in 0..<150 { sample.append(randomValue(&generator)) }
        for a in sample {
            for b in sample {
                let order = QueryValueOrdering.compare(a, b)
                #expect(order == -QueryValueOrdering.compare(b, a), "antisymmetry: \(String(describing: a)), \(String(describing: b))")
                #expect((order == 0) == (a == b), "equality agrees: \(String(describing: a)), \(String(describing: b))")
            }
        }
        for a in sample.prefix(60) {
            for b in sample.prefix(60) where QueryValueOrdering.compare(a, b) <= 0 {
                for c in sample.prefix(60) where QueryValueOrdering.compare(b, c) <= 0 {
                    #expect(QueryValueOrdering.compare(a, c) <= 0, "transitivity")
                }
            }
        }
        let sorted = sample.sorted(by: QueryValueOrdering.precedes)
        for (left, right) in zip(sorted, sorted.dropFirst()) {
            #expect(QueryValueOrdering.compare(left, right) <= 0)
        }
    }
}
