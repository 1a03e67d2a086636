import JSON
import QueryFunctions
import Testing

@Suite struct StringFunctionsTests {
    @Test func lengthCountsUTF16CodeUnits() throws {
        // LENGTH page: LENGTH("AdventureWorks") is 14, LENGTH("") is 0.
        #expect(try call("LENGTH", "AdventureWorks") == 14)
        #expect(try call("LENGTH", "") == 0)
        #expect(try call("LENGTH", "é") == 1)
        #expect(try call("LENGTH", "e\u{301}") == 2)
        #expect(try call("LENGTH", "😀") == 2)
        #expect(try call("LENGTH", "日本語") == 3)
        #expect(try call("LENGTH", .null) == nil)
        #expect(try call("LENGTH", 0) == nil)
        #expect(try call("LENGTH", ["Adventure", "Works"]) == nil)
        #expect(try call("LENGTH", undefined) == nil)
    }

    @Test func indexOfMatchesTheDocumentedExamples() throws {
        // INDEX_OF page.
        #expect(try call("INDEX_OF", "AdventureWorks", "A") == 0)
        #expect(try call("INDEX_OF", "AdventureWorks", "s") == 13)
        #expect(try call("INDEX_OF", "AdventureWorks", "Adventure") == 0)
        #expect(try call("INDEX_OF", "AdventureWorks", "Works") == 9)
        #expect(try call("INDEX_OF", "AdventureWorks", "tureW") == 5)
        #expect(try call("INDEX_OF", "AdventureWorks", "Cosmos") == -1)
        #expect(try call("INDEX_OF", "AdventureWorks", "Works", 5) == 9)
        #expect(try call("INDEX_OF", "AdventureWorks", "Adventure", 5) == -1)
        #expect(try call("INDEX_OF", "AdventureWorks", "aD") == -1)
    }

    @Test func indexOfEdgeCases() throws {
        #expect(try call("INDEX_OF", "a😀b", "b") == 3)
        #expect(try call("INDEX_OF", "abc", "", 2) == 2)
        #expect(try call("INDEX_OF", "abc", "c", 10) == -1)
        #expect(try call("INDEX_OF", "abc", "a", -1) == nil)
        #expect(try call("INDEX_OF", "abc", 1) == nil)
    }

    @Test func lastIndexOfSearchesBackwardFromTheStart() throws {
        // LASTINDEXOF page: ("abcdeabc", "abc") 5, with 6 gives 0, with 7 gives 5, "fg" gives -1.
        #expect(try call("LASTINDEXOF", "abcdeabc", "abc") == 5)
        #expect(try call("LASTINDEXOF", "abcdeabc", "abc", 6) == 0)
        #expect(try call("LASTINDEXOF", "abcdeabc", "abc", 7) == 5)
        #expect(try call("LASTINDEXOF", "abcdeabc", "fg") == -1)
        #expect(try call("LASTINDEXOF", "abcdeabc", "abc", -3) == -1)
        #expect(try call("LASTINDEXOF", "abcdeabc", "abc", 100) == 5)
    }

    @Test func leftRightAndSubstring() throws {
        // LEFT page: 0 gives "", 1 "A", 5 "Adven", the full length and 100 give the whole string.
        #expect(try call("LEFT", "AdventureWorks", 0) == "")
        #expect(try call("LEFT", "AdventureWorks", 1) == "A")
        #expect(try call("LEFT", "AdventureWorks", 5) == "Adven")
        #expect(try call("LEFT", "AdventureWorks", 14) == "AdventureWorks")
        #expect(try call("LEFT", "AdventureWorks", 100) == "AdventureWorks")
        #expect(try call("LEFT", "AdventureWorks", -2) == "")
        #expect(try call("RIGHT", "AdventureWorks", 5) == "Works")
        #expect(try call("RIGHT", "AdventureWorks", 100) == "AdventureWorks")
        #expect(try call("RIGHT", "AdventureWorks", -1) == "")
        // SUBSTRING page: (0, 9) "Adventure", (9, 5) "Works", the full length, and a negative length gives "".
        #expect(try call("SUBSTRING", "AdventureWorks", 0, 9) == "Adventure")
        #expect(try call("SUBSTRING", "AdventureWorks", 9, 5) == "Works")
        #expect(try call("SUBSTRING", "AdventureWorks", 0, 14) == "AdventureWorks")
        #expect(try call("SUBSTRING", "AdventureWorks", 0, -1) == "")
        // Negative start: the window [start, start + length) clipped to the string.
        #expect(try call("SUBSTRING", "abc", -1, 3) == "ab")
        #expect(try call("SUBSTRING", "abc", -5, 3) == "")
        #expect(try call("SUBSTRING", "abc", 5, 3) == "")
        #expect(try call("SUBSTRING", "abc", 1, .integer(.max)) == "bc")
        #expect(try call("SUBSTRING", "a😀b", 1, 2) == "😀")
        // Cutting a surrogate pair leaves U+FFFD for the orphaned half (strings are always valid Unicode).
        #expect(try call("SUBSTRING", "a😀b", 1, 1) == "\u{FFFD}")
        #expect(try call("LEFT", "😀", 1) == "\u{FFFD}")
        #expect(try call("SUBSTRING", "abc", "1", 2) == nil)
    }

    @Test func trimmingRemovesWhitespaceOrACharacterSet() throws {
        // LTRIM page.
        #expect(try call("LTRIM", "  AdventureWorks") == "AdventureWorks")
        #expect(try call("LTRIM", "  AdventureWorks  ") == "AdventureWorks  ")
        #expect(try call("LTRIM", "AdventureWorks", "Works") == "AdventureWorks")
        #expect(try call("LTRIM", "AdventureWorks", "Adventure") == "Works")
        #expect(try call("LTRIM", "AdventureWorks", "AdventureWorks") == "")
        #expect(try call("LTRIM", "AdventureWorks", "") == "AdventureWorks")
        // TRIM page.
        #expect(try call("TRIM", "   AdventureWorks   ") == "AdventureWorks")
        #expect(try call("TRIM", "---AdventureWorks---") == "---AdventureWorks---")
        #expect(try call("TRIM", "___AdventureWorks___", "_") == "AdventureWorks")
        #expect(try call("TRIM", "-- AdventureWorks --", "-") == " AdventureWorks ")
        #expect(try call("TRIM", "-_-AdventureWorks-_-", "-_") == "AdventureWorks")
        #expect(try call("RTRIM", "  AdventureWorks  ") == "  AdventureWorks")
        #expect(try call("TRIM", "\t\n x \u{3000}") == "x")
        #expect(try call("TRIM", "x", 1) == nil)
    }

    @Test func comparisonsWithOptionalIgnoreCase() throws {
        // ENDSWITH page.
        #expect(try call("ENDSWITH", "AdventureWorks", "Adventure") == false)
        #expect(try call("ENDSWITH", "AdventureWorks", "Works") == true)
        #expect(try call("ENDSWITH", "AdventureWorks", "works") == false)
        #expect(try call("ENDSWITH", "AdventureWorks", "works", true) == true)
        #expect(try call("STARTSWITH", "AdventureWorks", "adv", true) == true)
        #expect(try call("STARTSWITH", "AdventureWorks", "adv") == false)
        #expect(try call("CONTAINS", "AdventureWorks", "turew", true) == true)
        #expect(try call("CONTAINS", "AdventureWorks", "") == true)
        #expect(try call("CONTAINS", "AdventureWorks", "x", "yes") == nil)
        #expect(try call("StringEquals", "Straße", "STRASSE", true) == false)
        #expect(try call("StringEquals", "ÉCOLE", "école", true) == true)
        #expect(try call("StringEquals", "a", "a") == true)
        #expect(try call("STRINGEQUALS", "a", 1) == nil)
    }

    @Test func containsAllAndAnyUseThreeValuedLogic() throws {
        // CONTAINS_ALL_CI page: case1-case5.
        #expect(try call("CONTAINS_ALL_CI", "Have a nice day!", "have", "nice", "day!") == true)
        #expect(try call("CONTAINS_ALL_CI", "Have a nice day!", "HAVE", "NICE", "DAY!") == true)
        #expect(try call("CONTAINS_ALL_CI", "Have a nice day!", "had", "nice", "day!") == false)
        #expect(try call("CONTAINS_ALL_CI", "Have a nice day!", undefined, "nice", "day!") == nil)
        #expect(try call("CONTAINS_ALL_CI", "Have a nice day!", undefined, "had") == false)
        #expect(try call("CONTAINS_ALL_CS", "Have a nice day!", "have") == false)
        #expect(try call("CONTAINS_ANY_CS", "Have a nice day!", "have", "nice") == true)
        #expect(try call("CONTAINS_ANY_CS", "Have a nice day!", "have", "NICE") == false)
        #expect(try call("CONTAINS_ANY_CI", "Have a nice day!", "have", undefined) == true)
        #expect(try call("CONTAINS_ANY_CI", "Have a nice day!", "nope", undefined) == nil)
        #expect(try call("CONTAINS_ANY_CI", undefined, "nope") == nil)
    }

    @Test func caseMappingIsInvariantAndScalarWise() throws {
        #expect(try call("UPPER", "AdventureWorks") == "ADVENTUREWORKS")
        #expect(try call("LOWER", "AdventureWorks") == "adventureworks")
        #expect(try call("UPPER", "straße é") == "STRAßE É")
        #expect(try call("LOWER", "ÀÉÎ ΣΑΣ") == "àéî σασ")
        #expect(try call("UPPER", 1) == nil)
    }

    @Test func concatReplaceReplicateReverse() throws {
        #expect(try call("CONCAT", "Adventure", "Works", "LT") == "AdventureWorksLT")
        #expect(try call("CONCAT", "a", 1) == nil)
        #expect(try call("CONCAT", "a", undefined) == nil)
        // REPLACE page: REPLACE("AdventureWorksLT", "LT", "LT2") is "AdventureWorksLT2".
        #expect(try call("REPLACE", "AdventureWorksLT", "LT", "LT2") == "AdventureWorksLT2")
        #expect(try call("REPLACE", "aaaa", "aa", "b") == "bb")
        #expect(try call("REPLACE", "abc", "", "x") == "abc")
        #expect(try call("REPLICATE", "a", 3) == "aaa")
        #expect(try call("REPLICATE", "ab", 0) == "")
        #expect(try call("REPLICATE", "a", -1) == nil)
        #expect(try call("REPLICATE", "a", .double(.infinity)) == nil)
        #expect(try call("REPLICATE", "a", 10_000) == .string(String(repeating: "a", count: 10_000)))
        #expect(try call("REPLICATE", "a", 10_001) == nil)
        #expect(try call("REPLICATE", "ab", 5_001) == nil)
        #expect(try call("REVERSE", "Abc") == "cbA")
        #expect(try call("REVERSE", "a😀b") == "b😀a")
    }

    @Test func splitAndJoin() throws {
        // StringSplit page.
        #expect(try call("StringSplit", "Handlebar", "e") == ["Handl", "bar"])
        #expect(try call("StringSplit", "CARBON_STEEL_BIKE_WHEEL", "_") == ["CARBON", "STEEL", "BIKE", "WHEEL"])
        #expect(try call("StringSplit", "Road Bike", " ") == ["Road", "Bike"])
        #expect(try call("StringSplit", "xenmoun mountain bike", "moun") == ["xen", " ", "tain bike"])
        #expect(try call("StringSplit", "AluminumBikeFrame", undefined) == nil)
        #expect(try call("StringSplit", "Helmet", "") == ["Helmet"])
        #expect(try call("StringSplit", "", "") == [""])
        // StringJoin page.
        #expect(try call("StringJoin", ["Iropa", "Mountain", "Bike"], " ") == "Iropa Mountain Bike")
        #expect(try call("StringJoin", ["Iropa", "Mountain", "Bike"], "") == "IropaMountainBike")
        #expect(try call("StringJoin", ["Iropa", "Mountain", "Bike"], undefined) == nil)
        #expect(try call("StringJoin", ["6", "7", "4", "3"], "A") == "6A7A4A3")
        #expect(try call("StringJoin", ["Adventure", "LT"], "Works") == "AdventureWorksLT")
        #expect(try call("StringJoin", ["a", 1], ",") == nil)
        #expect(try call("StringJoin", [], ",") == "")
    }

    @Test func toStringWritesValuesLikeTheService() throws {
        // ToString page.
        #expect(try call("ToString", 125) == "125")
        #expect(try call("ToString", 0.1234) == "0.1234")
        #expect(try call("ToString", false) == "false")
        #expect(try call("ToString", [1, 2, 3]) == "[1,2,3]")
        #expect(try call("ToString", ["department": "Bicycles"]) == "{\"department\":\"Bicycles\"}")
        #expect(try call("ToString", "Hello World") == "Hello World")
        #expect(try call("ToString", undefined) == nil)
        #expect(try call("ToString", .double(.nan)) == "NaN")
        #expect(try call("ToString", .double(.infinity)) == "Infinity")
        // JavaScript number formatting.
        #expect(try call("ToString", 5.0) == "5")
        #expect(try call("ToString", 1e21) == "1e+21")
        #expect(try call("ToString", 1e20) == "100000000000000000000")
        #expect(try call("ToString", 1.5e-7) == "1.5e-7")
        #expect(try call("ToString", 0.000001) == "0.000001")
        #expect(try call("ToString", -2.5) == "-2.5")
        #expect(try call("ToString", .null) == "null")
        #expect(try call("ToString", [1.0, ["a": "q\""]]) == "[1,{\"a\":\"q\\\"\"}]")
    }

    @Test func stringConversionsParseStrictJSON() throws {
        // StringToNumber page.
        #expect(try call("StringToNumber", "100") == 100)
        #expect(try call("StringToNumber", "3.14") == 3.14)
        #expect(try call("StringToNumber", "   60   ") == 60)
        #expect(try call("StringToNumber", "-1.79769e+308") == -1.79769e+308)
        #expect(try call("StringToNumber", "Hello") == nil)
        // StringToBoolean page.
        #expect(try call("StringToBoolean", "true") == true)
        #expect(try call("StringToBoolean", "true  ") == true)
        #expect(try call("StringToBoolean", "  false") == false)
        #expect(try call("StringToBoolean", "  false  ") == false)
        #expect(try call("StringToBoolean", true) == nil)
        #expect(try call("StringToBoolean", "100") == nil)
        #expect(try call("StringToBoolean", "Hello") == nil)
        #expect(try call("StringToBoolean", .null) == nil)
        // StringToArray page.
        #expect(try call("StringToArray", "[]") == [])
        #expect(try call("StringToArray", "[ \"coats\", \"gloves\", \"hats\" ]") == ["coats", "gloves", "hats"])
        #expect(try call("StringToArray", "[ { \"types\": [ \"coats\", \"gloves\" ] }, [ \"hats\" ], 76, false, null ]")
            == json(#"[{"types":["coats","gloves"]},["hats"],76,false,null]"#))
        #expect(try call("StringToArray", "[ 'coats', 'gloves', 'hats' ]") == nil)
        #expect(try call("StringToNull", "null") == .null)
        #expect(try call("StringToNull", "0") == nil)
        #expect(try call("StringToObject", "{\"a\": [1]}") == ["a": [1]])
        #expect(try call("StringToObject", "{a: 1}") == nil)
    }

    @Test func regexMatchMatchesTheDocumentedExamples() throws {
        // RegexMatch page.
        #expect(try call("RegexMatch", "abcd", "ABC") == false)
        #expect(try call("RegexMatch", "abcd", "ABC", "i") == true)
        #expect(try call("RegexMatch", "abcd", "ab.", "") == true)
        #expect(try call("RegexMatch", "abcd", "ab c", "x") == true)
        #expect(try call("RegexMatch", "abcd", "aB c", "ix") == true)
        #expect(try call("RegexMatch", "03a", "[0-9]") == true)
        #expect(try call("RegexMatch", "salt3824908", "salt{1}") == true)
        #expect(try call("RegexMatch", "shame", "s....", "i") == true)
    }

    @Test func regexModifiersAndErrors() throws {
        #expect(try call("RegexMatch", "a\nb", "^b$") == false)
        #expect(try call("RegexMatch", "a\nb", "^b$", "m") == true)
        #expect(try call("RegexMatch", "a\nb", "a.b") == false)
        #expect(try call("RegexMatch", "a\nb", "a.b", "s") == true)
        #expect(try call("RegexMatch", "😀", "^.$") == true)
        #expect(throws: FunctionError.self) { try call("RegexMatch", "abc", "a(b") }
        #expect(throws: FunctionError.self) { try call("RegexMatch", "abc", "abc", "g") }
        #expect(throws: FunctionError.self) { try call("RegexMatch", 5, "[") }
        #expect(try call("RegexMatch", 5, "a") == nil)
        #expect(try call("RegexMatch", "a", 5) == nil)
        #expect(try call("RegexMatch", "a", "a", 1) == nil)
    }
}
