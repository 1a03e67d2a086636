import JSON
import QueryFunctions
import Testing

@Suite struct ArrayFunctionsTests {
    let scores: JSONValue = [70, 86, 92, 99, 85, 90, 82]

    @Test func sliceMatchesTheDocumentedExamples() throws {
        // ARRAY_SLICE page.
        #expect(try call("ARRAY_SLICE", scores, 0) == scores)
        #expect(try call("ARRAY_SLICE", scores, 1) == [86, 92, 99, 85, 90, 82])
        #expect(try call("ARRAY_SLICE", scores, -1) == [82])
        #expect(try call("ARRAY_SLICE", scores, -2) == [90, 82])
        #expect(try call("ARRAY_SLICE", scores, 0, 3) == [70, 86, 92])
        #expect(try call("ARRAY_SLICE", scores, 0, 12) == scores)
        #expect(try call("ARRAY_SLICE", scores, 3, 5) == [99, 85, 90, 82])
        #expect(try call("ARRAY_SLICE", scores, -2, 1) == [90])
    }

    @Test func sliceEdgeCases() throws {
        #expect(try call("ARRAY_SLICE", scores, -100) == scores)
        #expect(try call("ARRAY_SLICE", scores, 100) == [])
        #expect(try call("ARRAY_SLICE", scores, 2, -1) == [])
        #expect(try call("ARRAY_SLICE", scores, 2, .integer(.max)) == [92, 99, 85, 90, 82])
        #expect(try call("ARRAY_SLICE", scores, .integer(.min)) == scores)
        #expect(try call("ARRAY_SLICE", [], 0, 1) == [])
        #expect(try call("ARRAY_SLICE", "abc", 0) == nil)
    }

    @Test func containsMatchesTheDocumentedExamples() throws {
        // ARRAY_CONTAINS page.
        #expect(try call("ARRAY_CONTAINS", ["coats", "jackets", "sweatshirts"], "coats") == true)
        #expect(try call("ARRAY_CONTAINS", ["coats", "jackets", "sweatshirts"], "hoodies") == false)
        let shirts: JSONValue = [["category": "shirts", "color": "blue"]]
        #expect(try call("ARRAY_CONTAINS", shirts, ["category": "shirts", "color": "blue"]) == true)
        #expect(try call("ARRAY_CONTAINS", shirts, ["category": "shirts"]) == false)
        #expect(try call("ARRAY_CONTAINS", shirts, ["category": "shirts"], true) == true)
        #expect(try call("ARRAY_CONTAINS", shirts, ["category": "shorts", "color": "blue"], true) == false)
        #expect(try call("ARRAY_CONTAINS", [1, 2], 2.0) == true)
        #expect(try call("ARRAY_CONTAINS", [], 1) == false)
        #expect(try call("ARRAY_CONTAINS", [1], undefined) == nil)
    }

    @Test func containsAnyAndAllMatchTheDocumentedExamples() throws {
        // ARRAY_CONTAINS_ANY page.
        #expect(try call("ARRAY_CONTAINS_ANY", [1, true, "3", [1, 2, 3]], 1, true, "3", [1, 2, 3]) == true)
        #expect(try call("ARRAY_CONTAINS_ANY", [1, 2, 3, 4], 2, 3, 4, 5) == true)
        #expect(try call("ARRAY_CONTAINS_ANY", [1, 2, 3, 4], 1, undefined) == true)
        #expect(try call("ARRAY_CONTAINS_ANY", [1, 2, 3, 4], 5, 6, 7, 8) == false)
        #expect(try call("ARRAY_CONTAINS_ANY", [], 1, 2, 3) == false)
        #expect(try call("ARRAY_CONTAINS_ANY", [1, 2, 3, 4], 5, undefined) == nil)
        // ARRAY_CONTAINS_ALL page.
        #expect(try call("ARRAY_CONTAINS_ALL", [1, true, "3", [1, 2, 3]], 1, true, "3", [1, 2, 3]) == true)
        #expect(try call("ARRAY_CONTAINS_ALL", [1, 2, 3, 4], 2, 3, 4, 5) == false)
        #expect(try call("ARRAY_CONTAINS_ALL", [1, 2, 3, 4], 1, undefined) == nil)
        #expect(try call("ARRAY_CONTAINS_ALL", [1, 2, 3, 4], 5, 6, 7, 8) == false)
        #expect(try call("ARRAY_CONTAINS_ALL", [], 1, 2, 3) == false)
        #expect(try call("ARRAY_CONTAINS_ALL", [1, 2, 3, 4], 5, undefined) == false)
        #expect(try call("ARRAY_CONTAINS_ALL", undefined, 1) == nil)
    }

    @Test func setFunctionsMatchTheDocumentedExamples() throws {
        // SetIntersect page.
        #expect(try call("SetIntersect", [1, 2, 3, 4], [3, 4, 5, 6]) == [3, 4])
        #expect(try call("SetIntersect", [1, 2, 3, 4], []) == [])
        #expect(try call("SetIntersect", [1, 2, 3, 4], [1, 1, 1, 1]) == [1])
        #expect(try call("SetIntersect", [1, 2, 3, 4], ["A", "B"]) == [])
        #expect(try call("SetIntersect", [1, 2, "A", "B"], ["A", 1]) == ["A", 1])
        // SetUnion page.
        #expect(try call("SetUnion", [1, 2, 3, 4], [3, 4, 5, 6]) == [1, 2, 3, 4, 5, 6])
        #expect(try call("SetUnion", [1, 2, 3, 4], []) == [1, 2, 3, 4])
        #expect(try call("SetUnion", [1, 2, 3, 4], [1, 1, 1, 1]) == [1, 2, 3, 4])
        #expect(try call("SetUnion", [1, 2, "A", "B"], ["A", 1]) == [1, 2, "A", "B"])
        // SETDIFFERENCE page.
        #expect(try call("SetDifference", [1, 2, 3], [1, 2, 6, 7]) == [3])
        #expect(try call("SetDifference", [1, 2, 6, 7], [1, 2, 3]) == [6, 7])
        #expect(try call("SetDifference", [1, 2, 3, 4], [1, 2, 3, 4, 5, 6]) == [])
        #expect(try call("SetDifference", [], [1, 2, 3]) == [])
        #expect(try call("SetDifference", [1, 2, 3], []) == [1, 2, 3])
        #expect(try call("SetDifference", [1, 1, 1, 1], [2, 3, 4]) == [1])
        #expect(try call("SetEqual", [1, 2, 2], [2, 1.0]) == true)
        #expect(try call("SetEqual", [1, 2], [1]) == false)
        #expect(try call("SetEqual", [], []) == true)
        #expect(try call("SetUnion", [["a": 1, "b": 2]], [["b": 2, "a": 1]]) == [["a": 1, "b": 2]])
    }

    @Test func aggregatesOverArrays() throws {
        // ARRAY_MAX page: [1,2,3,4] 4, ['abc','ABC','aBc','AbC'] "abc", [true,false] true, [null,null] null, mixed "abc".
        #expect(try call("ARRAY_MAX", [1, 2, 3, 4]) == 4)
        #expect(try call("ARRAY_MAX", ["abc", "ABC", "aBc", "AbC"]) == "abc")
        #expect(try call("ARRAY_MAX", [true, false]) == true)
        #expect(try call("ARRAY_MAX", [.null, .null]) == .null)
        #expect(try call("ARRAY_MAX", [12, "abc", true, false, .null]) == "abc")
        #expect(try call("ARRAY_MIN", [12, "abc", true, false, .null]) == .null)
        #expect(try call("ARRAY_MIN", [3, 1.5, 2]) == 1.5)
        #expect(try call("ARRAY_MAX", []) == nil)
        #expect(try call("ARRAY_MAX", [1, [2]]) == nil)
        // ARRAY_AVG page: [1,2,3,4] 2.5, [1.0,2.0,3.3,4.7] 2.75, [1,-2.7,3,-4] -0.675, strings and mixed undefined.
        #expect(try call("ARRAY_AVG", [1, 2, 3, 4]) == 2.5)
        #expect(try call("ARRAY_AVG", [1.0, 2.0, 3.3, 4.7]) == 2.75)
        #expect(try call("ARRAY_AVG", [1, -2.7, 3, -4]) == -0.675)
        #expect(try call("ARRAY_AVG", ["abc", "ABC", "aBc", "AbC"]) == nil)
        #expect(try call("ARRAY_AVG", [12, "abc", true, false, .null]) == nil)
        #expect(try call("ARRAY_AVG", []) == nil)
        // ARRAY_MEDIAN page: [1,2,3,4] 2.5, [1.0,2.0,3.3,4.7,7.8] 3.3, [1,-2.7,3,-4] -0.8500000000000001.
        #expect(try call("ARRAY_MEDIAN", [1, 2, 3, 4]) == 2.5)
        #expect(try call("ARRAY_MEDIAN", [1.0, 2.0, 3.3, 4.7, 7.8]) == 3.3)
        #expect(try call("ARRAY_MEDIAN", [1, -2.7, 3, -4]) == -0.8500000000000001)
        #expect(try call("ARRAY_MEDIAN", ["abc"]) == nil)
        #expect(try call("ARRAY_MEDIAN", []) == nil)
        #expect(try call("ARRAY_SUM", [1, 2, 3, 4]) == .integer(10))
        #expect(try call("ARRAY_SUM", [1, 2.5]) == 3.5)
        #expect(try call("ARRAY_SUM", []) == 0)
        #expect(try call("ARRAY_SUM", [.integer(.max), 1]) == .double(9.223372036854775808e18))
        #expect(try call("ARRAY_SUM", [1, "2"]) == nil)
    }

    @Test func chooseIsOneBased() throws {
        // CHOOSE page: index 0 and 5 undefined, 1 "abc", 2 1, 3 true, 4 [1].
        #expect(try call("CHOOSE", 0, "abc", 1, true, [1]) == nil)
        #expect(try call("CHOOSE", 1, "abc", 1, true, [1]) == "abc")
        #expect(try call("CHOOSE", 2, "abc", 1, true, [1]) == 1)
        #expect(try call("CHOOSE", 3, "abc", 1, true, [1]) == true)
        #expect(try call("CHOOSE", 4, "abc", 1, true, [1]) == [1])
        #expect(try call("CHOOSE", 5, "abc", 1, true, [1]) == nil)
        #expect(try call("CHOOSE", 2, undefined, "b") == "b")
        #expect(try call("CHOOSE", undefined, "a") == nil)
        #expect(try call("CHOOSE", 1.5, "a") == nil)
    }

    @Test func concatLengthAndObjectToArray() throws {
        #expect(try call("ARRAY_CONCAT", ["apples"], ["strawberries"], ["bananas"]) == ["apples", "strawberries", "bananas"])
        #expect(try call("ARRAY_CONCAT", [1], "x") == nil)
        #expect(try call("ARRAY_LENGTH", [1, 2, 3]) == 3)
        #expect(try call("ARRAY_LENGTH", []) == 0)
        #expect(try call("ARRAY_LENGTH", "abc") == nil)
        let object: JSONValue = ["a": "12", "b": 5]
        #expect(try call("ObjectToArray", object) == json(#"[{"k":"a","v":"12"},{"k":"b","v":5}]"#))
        #expect(try call("ObjectToArray", object, "name") == json(#"[{"name":"a","v":"12"},{"name":"b","v":5}]"#))
        #expect(try call("ObjectToArray", object, "key", "value") == json(#"[{"key":"a","value":"12"},{"key":"b","value":5}]"#))
        #expect(try call("ObjectToArray", [1]) == nil)
        #expect(try call("ObjectToArray", [:] as JSONValue) == [])
    }
}
