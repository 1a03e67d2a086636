import JSON
import QueryFunctions
import Testing

@Suite struct TypeFunctionsTests {
    @Test func isIntegerMatchesTheDocumentedExamples() throws {
        // IS_INTEGER page: 3454.123 false, 5523432 true, Int64.min and Int64.max true, 18446744073709551615 false.
        #expect(try call("IS_INTEGER", 3454.123) == false)
        #expect(try call("IS_INTEGER", 5_523_432) == true)
        #expect(try call("IS_INTEGER", .integer(.min)) == true)
        #expect(try call("IS_INTEGER", .integer(.max)) == true)
        // The JSON reader reads 18446744073709551615 as the nearest double, 2^64.
        #expect(try call("IS_INTEGER", .double(18_446_744_073_709_551_616)) == false)
        #expect(try call("IS_INTEGER", 7.0) == true)
    }

    @Test func typeChecksClassifyEveryKind() throws {
        let samples: [JSONValue] = [.null, true, 1, 1.5, "s", [1], ["k": 1]]
        let expectations: [(String, [Bool])] = [
            ("IS_NULL", [true, false, false, false, false, false, false]),
            ("IS_BOOL", [false, true, false, false, false, false, false]),
            ("IS_NUMBER", [false, false, true, true, false, false, false]),
            ("IS_STRING", [false, false, false, false, true, false, false]),
            ("IS_ARRAY", [false, false, false, false, false, true, false]),
            ("IS_OBJECT", [false, false, false, false, false, false, true]),
            ("IS_PRIMITIVE", [true, true, true, true, true, false, false]),
            ("IS_DEFINED", [true, true, true, true, true, true, true]),
            ("IS_FINITE_NUMBER", [false, false, true, true, false, false, false]),
        ]
        for (name, expected) in expectations {
            for (value, answer) in zip(samples, expected) {
                #expect(try call(name, value) == .bool(answer), "\(name)(\(value))")
            }
        }
    }

    @Test func typeChecksOfUndefinedAreFalse() throws {
        for name in ["IS_ARRAY", "IS_BOOL", "IS_DATETIME", "IS_DEFINED", "IS_FINITE_NUMBER", "IS_INTEGER", "IS_NULL", "IS_NUMBER",
                     "IS_OBJECT", "IS_PRIMITIVE", "IS_STRING"] {
            #expect(try call(name, undefined) == false, "\(name)(undefined)")
        }
    }

    @Test func isFiniteNumberRejectsNonFiniteDoubles() throws {
        #expect(try call("IS_FINITE_NUMBER", .double(.infinity)) == false)
        #expect(try call("IS_FINITE_NUMBER", .double(.nan)) == false)
        #expect(try call("IS_NUMBER", .double(.infinity)) == true)
    }

    @Test func isDateTimeFollowsTheDocumentedGrammar() throws {
        // IS_DATETIME page remarks: these forms are valid.
        for valid in ["2023-03-06", "2023-03-06Z", "2023-03-06 15:29:00Z", "2023-03-06T15:29:00Z", "2023-03-06T15:29:59",
                      "2023-03-06T15:29:59.9", "2023-03-06T15:29:59.9Z", "2023-03-06T15:29:59.1234567", "2023-03-06T15:29:59.1234567Z"] {
            #expect(try call("IS_DATETIME", .string(valid)) == true, "\(valid)")
        }
        for invalid in ["2023-3-06", "2023-03-06X15:29:00", "2023-03-06T15:29", "2023-03-06T15:29:59.", "2023-03-06T15:29:59.12345678",
                        "2023-02-30", "2023-13-01", "2023-03-06T24:00:00", "2023-03-06T15:29:59+01:00", "", "20230306"] {
            #expect(try call("IS_DATETIME", .string(invalid)) == false, "\(invalid)")
        }
        #expect(try call("IS_DATETIME", 20_230_306) == false)
    }

    @Test func iifSelectsTheSecondArgumentOnlyForTrue() throws {
        // IIF page: IIF(true, 123, 456) is 123; false, 123, "ABC", [1,2,3] and an object all give 456.
        #expect(try call("IIF", true, 123, 456) == 123)
        #expect(try call("IIF", false, 123, 456) == 456)
        #expect(try call("IIF", 123, 123, 456) == 456)
        #expect(try call("IIF", "ABC", 123, 456) == 456)
        #expect(try call("IIF", [1, 2, 3], 123, 456) == 456)
        #expect(try call("IIF", ["name": "Alice", "age": 20], 123, 456) == 456)
        #expect(try call("IIF", undefined, 123, 456) == 456)
        #expect(try call("IIF", true, undefined, 456) == nil)
    }
}
