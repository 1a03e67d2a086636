import JSON
import QueryFunctions
import Testing

@Suite struct FunctionLibraryTests {
    static let expectedNames = [
        "ABS", "ACOS", "AGO", "ARRAY_AVG", "ARRAY_CONCAT", "ARRAY_CONTAINS", "ARRAY_CONTAINS_ALL", "ARRAY_CONTAINS_ANY",
        "ARRAY_LENGTH", "ARRAY_MAX", "ARRAY_MEDIAN", "ARRAY_MIN", "ARRAY_SLICE", "ARRAY_SUM", "ASIN", "ATAN", "ATN2", "CEILING",
        "CHOOSE", "CONCAT", "CONTAINS", "CONTAINS_ALL_CI", "CONTAINS_ALL_CS", "CONTAINS_ANY_CI", "CONTAINS_ANY_CS", "COS", "COT",
        "DATETIMEFORMAT", "DAY", "DEGREES", "DateTimeAdd", "DateTimeBin", "DateTimeDiff", "DateTimeFromParts", "DateTimePart",
        "DateTimeToTicks", "DateTimeToTimestamp", "ENDSWITH", "EXP", "FLOOR", "GetCurrentDateTime", "GetCurrentDateTimeStatic",
        "GetCurrentTicks", "GetCurrentTicksStatic", "GetCurrentTimestamp", "GetCurrentTimestampStatic", "IIF", "INDEX_OF",
        "IS_ARRAY", "IS_BOOL", "IS_DATETIME", "IS_DEFINED", "IS_FINITE_NUMBER", "IS_INTEGER", "IS_NULL", "IS_NUMBER", "IS_OBJECT",
        "IS_PRIMITIVE", "IS_STRING", "IntAdd", "IntBitAnd", "IntBitLeftShift", "IntBitNot", "IntBitOr", "IntBitRightShift",
        "IntBitXor", "IntDiv", "IntMod", "IntMul", "IntSub", "LASTINDEXOF", "LEFT", "LENGTH", "LOG", "LOG10", "LOWER", "LTRIM",
        "MONTH", "NOW", "NumberBin", "ObjectToArray", "PI", "POWER", "RADIANS", "RAND", "REPLACE", "REPLICATE", "REVERSE", "RIGHT",
        "ROUND", "RTRIM", "RegexMatch", "SIGN", "SIN", "SQRT", "SQUARE", "STARTSWITH", "ST_AREA", "ST_DISTANCE", "ST_INTERSECTS",
        "ST_ISVALID", "ST_ISVALIDDETAILED", "ST_WITHIN", "SUBSTRING", "SetDifference", "SetEqual", "SetIntersect", "SetUnion",
        "StringEquals", "StringJoin", "StringSplit", "StringToArray", "StringToBoolean", "StringToNull", "StringToNumber",
        "StringToObject", "TAN", "TRIM", "TRUNC", "TicksToDateTime", "TimestampToDateTime", "ToString", "UPPER", "YEAR",
    ]

    @Test func everyDocumentedFunctionIsRegistered() {
        #expect(Set(FunctionLibrary.allNames) == Set(Self.expectedNames))
        #expect(FunctionLibrary.allNames == FunctionLibrary.allNames.sorted())
    }

    @Test func lookupIgnoresLetterCase() {
        for name in Self.expectedNames {
            #expect(FunctionLibrary.definition(named: name.lowercased())?.name == name)
            #expect(FunctionLibrary.definition(named: name.uppercased())?.name == name)
        }
        #expect(FunctionLibrary.definition(named: "COUNT") == nil)
        #expect(FunctionLibrary.definition(named: "DocumentId") == nil)
        #expect(FunctionLibrary.definition(named: "") == nil)
    }

    @Test func onlyTypeChecksAndLogicalCombinatorsSeeUndefined() {
        let seesUndefined: Set = [
            "IS_ARRAY", "IS_BOOL", "IS_DATETIME", "IS_DEFINED", "IS_FINITE_NUMBER", "IS_INTEGER", "IS_NULL", "IS_NUMBER", "IS_OBJECT",
            "IS_PRIMITIVE", "IS_STRING", "IIF", "CHOOSE", "CONTAINS_ALL_CI", "CONTAINS_ALL_CS", "CONTAINS_ANY_CI", "CONTAINS_ANY_CS",
            "ARRAY_CONTAINS_ANY", "ARRAY_CONTAINS_ALL",
        ]
        for name in Self.expectedNames {
            #expect(FunctionLibrary.definition(named: name)?.propagatesUndefined == !seesUndefined.contains(name), "\(name)")
        }
    }

    /// Calls every function with random arguments of every kind (undefined included): nothing may crash, and only
    /// RegexMatch may report an error.
    @Test func survivesArbitraryArguments() throws {
        var generator = SeededGenerator(state: 7)
        let specials: [JSONValue] = [
            .integer(.min), .integer(.max), .double(.nan), .double(.infinity), .double(-.infinity), -1, 0, 1e300, -1e-300, "", "😀",
            "dd", "yyyy", "ns", "2020-02-29T12:00:00Z", "0001-01-01", "9999-12-31T23:59:59.9999999", "(", "[", "{}",
            ["type": "Point", "coordinates": [0, 0]], ["type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]],
            ["type": "LineString", "coordinates": [[0, 0], [180, 0]]], ["type": "Point", "coordinates": [0, 90]],
        ]
        for name in Self.expectedNames {
            guard let definition = FunctionLibrary.definition(named: name) else { continue }
            let upper = min(definition.arity.upperBound, definition.arity.lowerBound + 3)
            for _ in 0..<300 {
                let count = Int.random(in: definition.arity.lowerBound...upper, using: &generator)
                let arguments: [JSONValue?] = (0..<count).map { _ in
                    switch Int.random(in: 0..<4, using: &generator) {
                    case 0: nil
                    case 1: specials.randomElement(using: &generator)
                    default: randomValue(&generator)
                    }
                }
                do {
                    _ = try definition(arguments, context: FunctionContext(nowMillis: .max))
                    _ = try definition(arguments, context: FunctionContext(nowMillis: fixedNowMillis))
                } catch {
                    #expect(name == "RegexMatch", "\(name) threw \(error)")
                }
            }
        }
    }
}
