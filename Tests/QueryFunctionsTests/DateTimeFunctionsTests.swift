import JSON
import QueryFunctions
import Testing

@Suite struct DateTimeFunctionsTests {
    @Test func dateTimeAddMatchesTheDocumentedExamples() throws {
        // DateTimeAdd page, on 2020-07-03T00:00:00.0000000.
        let date: JSONValue = "2020-07-03T00:00:00.0000000"
        #expect(try call("DateTimeAdd", "yyyy", 1, date) == "2021-07-03T00:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "mm", 1, date) == "2020-08-03T00:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "dd", 1, date) == "2020-07-04T00:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "hh", 1, date) == "2020-07-03T01:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "yyyy", -1, date) == "2019-07-03T00:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "mm", -1, date) == "2020-06-03T00:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "dd", -1, date) == "2020-07-02T00:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "hh", -1, date) == "2020-07-02T23:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "ss", -25, date) == "2020-07-02T23:59:35.0000000Z")
    }

    @Test func dateTimeAddClampsMonthEndsAndHandlesLeapYears() throws {
        #expect(try call("DateTimeAdd", "yyyy", 1, "2024-02-29T12:00:00Z") == "2025-02-28T12:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "yyyy", 4, "2024-02-29T12:00:00Z") == "2028-02-29T12:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "month", 1, "2023-01-31") == "2023-02-28T00:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "m", 1, "2024-01-31") == "2024-02-29T00:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "mm", -1, "2024-03-31") == "2024-02-29T00:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "mm", 13, "2024-01-31") == "2025-02-28T00:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "mm", -14, "2024-01-15") == "2022-11-15T00:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "dd", 1, "2024-02-28") == "2024-02-29T00:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "dd", 1, "2100-02-28") == "2100-03-01T00:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "dd", 1, "2000-02-28") == "2000-02-29T00:00:00.0000000Z")
        #expect(try call("DateTimeAdd", "ms", 1, "2020-01-01T23:59:59.9995") == "2020-01-02T00:00:00.0005000Z")
        #expect(try call("DateTimeAdd", "mcs", -1, "2020-01-01") == "2019-12-31T23:59:59.9999990Z")
        #expect(try call("DateTimeAdd", "ns", 150, "2020-01-01") == "2020-01-01T00:00:00.0000001Z")
        #expect(try call("DateTimeAdd", "n", 90, "2020-01-01") == "2020-01-01T01:30:00.0000000Z")
    }

    @Test func dateTimeAddRejectsInvalidInput() throws {
        #expect(try call("DateTimeAdd", "yyyy", 1, "9999-06-01") == nil)
        #expect(try call("DateTimeAdd", "dd", -1, "0001-01-01") == nil)
        #expect(try call("DateTimeAdd", "dd", 1.5, "2020-01-01") == nil)
        #expect(try call("DateTimeAdd", "week", 1, "2020-01-01") == nil)
        #expect(try call("DateTimeAdd", "dd", 1, "2020-02-30") == nil)
        #expect(try call("DateTimeAdd", "dd", 1, "1900-02-29") == nil)
        #expect(try call("DateTimeAdd", "dd", .integer(.max), "2020-01-01") == nil)
        #expect(try call("DateTimeAdd", "yyyy", .integer(.min), "2020-01-01") == nil)
        #expect(try call("DateTimeAdd", "dd", 1, 20_200_101) == nil)
    }

    @Test func dateTimeDiffMatchesTheDocumentedExamples() throws {
        // DateTimeDiff page: 2019-02-04T16:00 and 2018-03-05T05:00 in both directions.
        let later: JSONValue = "2019-02-04T16:00:00.0000000"
        let earlier: JSONValue = "2018-03-05T05:00:00.0000000"
        #expect(try call("DateTimeDiff", "yyyy", later, earlier) == -1)
        #expect(try call("DateTimeDiff", "mm", later, earlier) == -11)
        #expect(try call("DateTimeDiff", "dd", later, earlier) == -336)
        #expect(try call("DateTimeDiff", "hh", later, earlier) == -8075)
        #expect(try call("DateTimeDiff", "ss", later, earlier) == -29_070_000)
        #expect(try call("DateTimeDiff", "yyyy", earlier, later) == 1)
        #expect(try call("DateTimeDiff", "mm", earlier, later) == 11)
        #expect(try call("DateTimeDiff", "dd", earlier, later) == 336)
        #expect(try call("DateTimeDiff", "hh", earlier, later) == 8075)
        #expect(try call("DateTimeDiff", "ss", earlier, later) == 29_070_000)
    }

    @Test func dateTimeDiffCountsBoundariesCrossed() throws {
        let before: JSONValue = "2018-12-31T23:59:59.9999999Z"
        let after: JSONValue = "2019-01-01T00:00:00Z"
        for part in ["year", "month", "day", "hour", "minute", "second", "millisecond", "microsecond"] {
            #expect(try call("DateTimeDiff", .string(part), before, after) == 1, "\(part)")
        }
        #expect(try call("DateTimeDiff", "ns", before, after) == 100)
        #expect(try call("DateTimeDiff", "yyyy", "2018-01-01", "2018-12-31T23:59:59") == 0)
        #expect(try call("DateTimeDiff", "mm", "2018-01-31", "2018-02-01") == 1)
        #expect(try call("DateTimeDiff", "dd", "2018-01-01T23:00:00", "2018-01-02T01:00:00") == 1)
        #expect(try call("DateTimeDiff", "dd", "2018-01-01T01:00:00", "2018-01-01T23:00:00") == 0)
        #expect(try call("DateTimeDiff", "ns", "0001-01-01", "9999-12-31") == nil)
        #expect(try call("DateTimeDiff", "ms", "0001-01-01", "9999-12-31") == 315_537_811_200_000)
        #expect(try call("DateTimeDiff", "fortnight", before, after) == nil)
        #expect(try call("DateTimeDiff", "dd", "yesterday", after) == nil)
    }

    @Test func dateTimeBinMatchesTheDocumentedExamples() throws {
        // DateTimeBin page, on 2021-01-08T18:35:00.0000000.
        let date: JSONValue = "2021-01-08T18:35:00.0000000"
        #expect(try call("DateTimeBin", date, "dd") == "2021-01-08T00:00:00.0000000Z")
        #expect(try call("DateTimeBin", date, "hh") == "2021-01-08T18:00:00.0000000Z")
        #expect(try call("DateTimeBin", date, "ss") == "2021-01-08T18:35:00.0000000Z")
        #expect(try call("DateTimeBin", date, "hh", 5) == "2021-01-08T15:00:00.0000000Z")
        #expect(try call("DateTimeBin", date, "dd", 7) == "2021-01-07T00:00:00.0000000Z")
        #expect(try call("DateTimeBin", date, "dd", 7, "1601-01-01T00:00:00.0000000") == "2021-01-04T00:00:00.0000000Z")
    }

    @Test func dateTimeBinEdgeCases() throws {
        #expect(try call("DateTimeBin", "2021-01-08T18:35:00", "mi", 15) == "2021-01-08T18:30:00.0000000Z")
        #expect(try call("DateTimeBin", "1969-12-31T23:00:00", "dd") == "1969-12-31T00:00:00.0000000Z")
        #expect(try call("DateTimeBin", "2021-01-08T18:35:00.1234567", "mcs", 1) == "2021-01-08T18:35:00.1234560Z")
        #expect(try call("DateTimeBin", "2021-01-08T18:35:00.1234567", "ns", 300) == "2021-01-08T18:35:00.1234566Z")
        #expect(try call("DateTimeBin", "2021-01-08", "yyyy") == nil)
        #expect(try call("DateTimeBin", "2021-01-08", "mm") == nil)
        #expect(try call("DateTimeBin", "2021-01-08", "dd", 0) == nil)
        #expect(try call("DateTimeBin", "2021-01-08", "dd", -7) == nil)
        #expect(try call("DateTimeBin", "2021-01-08", "dd", 1.5) == nil)
        #expect(try call("DateTimeBin", "2021-01-08", "dd", 1, "1600-12-31") == nil)
        #expect(try call("DateTimeBin", "2021-01-08", "dd", .integer(.max)) == "1970-01-01T00:00:00.0000000Z")
    }

    @Test func dateTimePartAndShortcuts() throws {
        // DateTimePart page, on 2016-05-29T08:30:00.1301617.
        let date: JSONValue = "2016-05-29T08:30:00.1301617"
        #expect(try call("DateTimePart", "yyyy", date) == 2016)
        #expect(try call("DateTimePart", "mm", date) == 5)
        #expect(try call("DateTimePart", "dd", date) == 29)
        #expect(try call("DateTimePart", "hh", date) == 8)
        #expect(try call("DateTimePart", "mi", date) == 30)
        #expect(try call("DateTimePart", "ss", date) == 0)
        #expect(try call("DateTimePart", "ms", date) == 130)
        #expect(try call("DateTimePart", "mcs", date) == 130_161)
        #expect(try call("DateTimePart", "ns", date) == 130_161_700)
        #expect(try call("DateTimePart", "YEAR", date) == 2016)
        #expect(try call("DateTimePart", "quarter", date) == nil)
        // DAY page: "2024-01-10" 10, "2000-12-12T10:00:00" 12, "1989-03-03T12:12:12.1234567Z" 3.
        #expect(try call("DAY", "2024-01-10") == 10)
        #expect(try call("DAY", "2000-12-12T10:00:00") == 12)
        #expect(try call("DAY", "1989-03-03T12:12:12.1234567Z") == 3)
        #expect(try call("MONTH", "1989-03-03T12:12:12.1234567Z") == 3)
        #expect(try call("YEAR", "1989-03-03T12:12:12.1234567Z") == 1989)
        #expect(try call("YEAR", "1989/03/03") == nil)
    }

    @Test func dateTimeFromPartsMatchesTheDocumentedExamples() throws {
        // DateTimeFromParts page.
        #expect(try call("DateTimeFromParts", 2017, 4, 20) == "2017-04-20T00:00:00.0000000Z")
        #expect(try call("DateTimeFromParts", 2017, 4, 20, 0, 0, 0, 0) == "2017-04-20T00:00:00.0000000Z")
        #expect(try call("DateTimeFromParts", 2017, 4, 20, 13, 15, 20, 3_456_789) == "2017-04-20T13:15:20.3456789Z")
        #expect(try call("DateTimeFromParts", 2017, 4, 20, 13, 15) == "2017-04-20T13:15:00.0000000Z")
        #expect(try call("DateTimeFromParts", -2000, -1, -1) == nil)
        #expect(try call("DateTimeFromParts", 2023, 2, 29) == nil)
        #expect(try call("DateTimeFromParts", 2024, 2, 29) == "2024-02-29T00:00:00.0000000Z")
        #expect(try call("DateTimeFromParts", 2024, 1, 1, 24) == nil)
        #expect(try call("DateTimeFromParts", 2024, 1, 1, 0, 0, 0, 10_000_000) == nil)
        #expect(try call("DateTimeFromParts", 2024.5, 1, 1) == nil)
    }

    @Test func ticksAndTimestamps() throws {
        // DateTimeToTicks page: 2015-05-19T12:00 is 14320368000000000 ticks.
        #expect(try call("DateTimeToTicks", "2015-05-19T12:00:00.0000000") == 14_320_368_000_000_000)
        // DateTimeToTimestamp page: 1432036800000.
        #expect(try call("DateTimeToTimestamp", "2015-05-19T12:00:00.0000000") == 1_432_036_800_000)
        // TicksToDateTime page.
        #expect(try call("TicksToDateTime", 15_973_607_943_002_652) == "2020-08-13T23:19:54.3002652Z")
        #expect(try call("TicksToDateTime", 0) == "1970-01-01T00:00:00.0000000Z")
        #expect(try call("TicksToDateTime", -116_444_736_000_000_000) == "1601-01-01T00:00:00.0000000Z")
        // TimestampToDateTime page.
        #expect(try call("TimestampToDateTime", 1_597_360_794_300) == "2020-08-13T23:19:54.3000000Z")
        #expect(try call("TimestampToDateTime", 0) == "1970-01-01T00:00:00.0000000Z")
        #expect(try call("TimestampToDateTime", -11_644_473_600_000) == "1601-01-01T00:00:00.0000000Z")
        #expect(try call("TimestampToDateTime", 1.5) == "1970-01-01T00:00:00.0015000Z")
        #expect(try call("TimestampToDateTime", 1e300) == nil)
        #expect(try call("TimestampToDateTime", .integer(.max)) == nil)
        #expect(try call("TicksToDateTime", .integer(.max)) == nil)
        #expect(try call("TicksToDateTime", "0") == nil)
        #expect(try call("DateTimeToTimestamp", "1969-12-31T23:59:59.9995") == -1)
        #expect(try call("DateTimeToTicks", "0001-01-01") == -621_355_968_000_000_000)
        #expect(try call("DateTimeToTicks", "9999-12-31T23:59:59.9999999") == 2_534_023_007_999_999_999)
    }

    @Test func currentTimeFunctionsShareOneClockReading() throws {
        // fixedNowMillis is 2020-07-03T00:00:00Z.
        for name in ["GetCurrentDateTime", "GetCurrentDateTimeStatic", "NOW"] {
            #expect(try call(name) == "2020-07-03T00:00:00.0000000Z", "\(name)")
        }
        for name in ["GetCurrentTicks", "GetCurrentTicksStatic"] {
            #expect(try call(name) == 15_937_344_000_000_000, "\(name)")
        }
        for name in ["GetCurrentTimestamp", "GetCurrentTimestampStatic"] {
            #expect(try call(name) == 1_593_734_400_000, "\(name)")
        }
        #expect(try call("NOW", "dd", 1) == "2020-07-04T00:00:00.0000000Z")
        #expect(try call("AGO", "hh", 1) == "2020-07-02T23:00:00.0000000Z")
        #expect(try call("AGO", "yyyy", 1) == "2019-07-03T00:00:00.0000000Z")
        #expect(try call("NOW", "dd") == nil)
        #expect(try call("AGO", "dd", 0.5) == nil)
        #expect(try call("GetCurrentDateTime", now: 1_597_360_794_300) == "2020-08-13T23:19:54.3000000Z")
    }

    @Test func dateTimeFormatMatchesTheDocumentedExamples() throws {
        // DATETIMEFORMAT page, on "2024-10-10 14:40:20".
        let date: JSONValue = "2024-10-10 14:40:20"
        #expect(try call("DATETIMEFORMAT", date, "yyyyMMdd") == "20241010")
        #expect(try call("DATETIMEFORMAT", date, "yyyy-MM-dd [HH:mm:ss]") == "2024-10-10 [14:40:20]")
        #expect(try call("DATETIMEFORMAT", date, "To\\da\\y i\\s: yyyy-MM-ddTHH:mm:ss.fff") == "Today is: 2024-10-10T14:40:20.000")
        #expect(try call("DATETIMEFORMAT", date, "To\\da\\y i\\s: yyyy-MM-ddTHH:mm:ss.FFF") == "Today is: 2024-10-10T14:40:20.")
    }

    @Test func dateTimeFormatSpecifiers() throws {
        let date: JSONValue = "2024-10-10T14:05:09.1234500Z"
        #expect(try call("DATETIMEFORMAT", date, "d") == "10/10/2024")
        #expect(try call("DATETIMEFORMAT", date, "O") == "2024-10-10T14:05:09.1234500Z")
        #expect(try call("DATETIMEFORMAT", date, "hh:mm tt") == "02:05 PM")
        #expect(try call("DATETIMEFORMAT", date, "h:m:s t") == "2:5:9 P")
        #expect(try call("DATETIMEFORMAT", date, "ddd dddd MMM MMMM") == "Thu Thursday Oct October")
        #expect(try call("DATETIMEFORMAT", date, "yy y yyyyy") == "24 24 02024")
        #expect(try call("DATETIMEFORMAT", date, "fffffff FFFFFFF ff") == "1234500 12345 12")
        #expect(try call("DATETIMEFORMAT", date, "'yyyy' \"MM\" %d K zzz") == "yyyy MM 10 Z +00:00")
        #expect(try call("DATETIMEFORMAT", date, "'unterminated") == nil)
        #expect(try call("DATETIMEFORMAT", date, "q") == nil)
        #expect(try call("DATETIMEFORMAT", "not a date", "yyyy") == nil)
    }
}
