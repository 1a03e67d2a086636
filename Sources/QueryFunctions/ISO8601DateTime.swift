/// A UTC instant with 100-nanosecond resolution in the proleptic Gregorian calendar, years 0001 to 9999, as the
/// service's date and time strings describe it, plus an exact parser and formatter for those strings.
///
/// Accepted text (the grammar the IS_DATETIME page spells out): `YYYY-MM-DD`, optionally followed by `Z`, or by `T` or
/// a space and `hh:mm:ss`, optionally `.` and 1 to 7 fraction digits, optionally `Z`. Nothing else (no offsets, no
/// week dates, no missing seconds). Formatting always writes `YYYY-MM-DDThh:mm:ss.fffffffZ`.
struct ISO8601DateTime: Hashable, Comparable, Sendable {
    static let ticksPerMicrosecond: Int64 = 10
    static let ticksPerMillisecond: Int64 = 10_000
    static let ticksPerSecond: Int64 = 10_000_000
    static let ticksPerMinute: Int64 = 60 * ticksPerSecond
    static let ticksPerHour: Int64 = 60 * ticksPerMinute
    static let ticksPerDay: Int64 = 24 * ticksPerHour
    /// Ticks from 0001-01-01 to the Unix epoch, 1970-01-01.
    static let unixEpochTicks: Int64 = 621_355_968_000_000_000
    /// The first tick after 9999-12-31T23:59:59.9999999.
    static let endTicks: Int64 = 3_155_378_976_000_000_000

    /// 100-nanosecond ticks since 0001-01-01T00:00:00, in `0..<endTicks`.
    let ticks: Int64

    init?(ticks: Int64) {
        guard ticks >= 0 && ticks < Self.endTicks else { return nil }
        self.ticks = ticks
    }

    /// The instant `unixTicks` ticks after 1970-01-01 (negative before), if in range.
    init?(unixTicks: Int64) {
        let (ticks, overflow) = unixTicks.addingReportingOverflow(Self.unixEpochTicks)
        guard !overflow else { return nil }
        self.init(ticks: ticks)
    }

    /// The instant of the given civil date and time, if every field is in range.
    init?(year: Int64, month: Int64, day: Int64, hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, fraction: Int64 = 0) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...Int64(Self.daysIn(month: Int(month), year: Int(year)))).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second), (0..<Self.ticksPerSecond).contains(fraction)
        else { return nil }
        let days = Self.daysSinceEpoch(year: Int(year), month: Int(month), day: Int(day))
        self.init(ticks: days * Self.ticksPerDay + hour * Self.ticksPerHour + minute * Self.ticksPerMinute
            + second * Self.ticksPerSecond + fraction)
    }

    static func < (lhs: ISO8601DateTime, rhs: ISO8601DateTime) -> Bool {
        lhs.ticks < rhs.ticks
    }

    /// Ticks since the Unix epoch (negative before 1970).
    var unixTicks: Int64 { self.ticks - Self.unixEpochTicks }

    // MARK: Civil fields

    /// Year, month and day of the date.
    var date: (year: Int, month: Int, day: Int) {
        Self.civilDate(daysSinceEpoch: self.ticks / Self.ticksPerDay)
    }

    var timeOfDayTicks: Int64 { self.ticks % Self.ticksPerDay }
    var hour: Int { Int(self.timeOfDayTicks / Self.ticksPerHour) }
    var minute: Int { Int(self.timeOfDayTicks % Self.ticksPerHour / Self.ticksPerMinute) }
    var second: Int { Int(self.timeOfDayTicks % Self.ticksPerMinute / Self.ticksPerSecond) }
    /// The fraction of the second in ticks, `0..<10_000_000`.
    var fractionTicks: Int64 { self.ticks % Self.ticksPerSecond }
    /// 0 is Sunday … 6 is Saturday (0001-01-01 was a Monday).
    var dayOfWeek: Int { Int((self.ticks / Self.ticksPerDay + 1) % 7) }

    static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: self.isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 0001-01-01 to the given date (Howard Hinnant's days-from-civil, shifted to the .NET epoch).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        let shiftedYear = Int64(month <= 2 ? year - 1 : year)
        let era = shiftedYear / 400
        let yearOfEra = shiftedYear - era * 400
        let monthIndex = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * monthIndex + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        // 0000-03-01 is day 0 of this count; 0001-01-01 is day 306.
        return era * 146_097 + dayOfEra - 306
    }

    /// The date `days` days after 0001-01-01 (inverse of ``daysSinceEpoch(year:month:day:)``; `days >= 0`).
    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 306
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    // MARK: Text

    /// Parses the accepted grammar; `nil` for anything else or an impossible date.
    init?(parsing text: String) {
        guard let parsed = Self.parse(text) else { return nil }
        self = parsed.dateTime
    }

    /// The parsed instant and whether the text ended with the `Z` designator.
    static func parse(_ text: String) -> (dateTime: ISO8601DateTime, hasZoneDesignator: Bool)? {
        let bytes = Array(text.utf8)
        var position = 0
        func digits(_ count: Int) -> Int64? {
            guard position + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for offset in 0..<count {
                let byte = bytes[position + offset]
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            position += count
            return value
        }
        func expect(_ character: Unicode.Scalar) -> Bool {
            guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
            position += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2) else { return nil }
        var hour: Int64 = 0
        var minute: Int64 = 0
        var second: Int64 = 0
        var fraction: Int64 = 0
        if expect("T") || expect(" ") {
            guard let parsedHour = digits(2), expect(":"), let parsedMinute = digits(2), expect(":"), let parsedSecond = digits(2) else {
                return nil
            }
            (hour, minute, second) = (parsedHour, parsedMinute, parsedSecond)
            if expect(".") {
                var digitCount = 0
                while digitCount < 7, let digit = digits(1) {
                    fraction = fraction * 10 + digit
                    digitCount += 1
                }
                guard digitCount > 0 else { return nil }
                for _ in digitCount..<7 { fraction *= 10 }
            }
        }
        let hasZoneDesignator = expect("Z")
        guard position == bytes.count,
            let dateTime = ISO8601DateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: fraction)
        else { return nil }
        return (dateTime, hasZoneDesignator)
    }

    /// `YYYY-MM-DDThh:mm:ss.fffffffZ`.
    var text: String {
        let (year, month, day) = self.date
        var bytes: [UInt8] = []
        bytes.reserveCapacity(28)
        func append(_ value: Int64, width: Int) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            var remaining = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(remaining / divisor))
                remaining %= divisor
                divisor /= 10
            }
        }
        append(Int64(year), width: 4)
        bytes.append(UInt8(ascii: "-"))
        append(Int64(month), width: 2)
        bytes.append(UInt8(ascii: "-"))
        append(Int64(day), width: 2)
        bytes.append(UInt8(ascii: "T"))
        append(Int64(self.hour), width: 2)
        bytes.append(UInt8(ascii: ":"))
        append(Int64(self.minute), width: 2)
        bytes.append(UInt8(ascii: ":"))
        append(Int64(self.second), width: 2)
        bytes.append(UInt8(ascii: "."))
        append(self.fractionTicks, width: 7)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Arithmetic

    /// This instant moved by `ticks`, if still in range.
    func adding(ticks delta: Int64) -> ISO8601DateTime? {
        let (moved, overflow) = self.ticks.addingReportingOverflow(delta)
        return overflow ? nil : ISO8601DateTime(ticks: moved)
    }

    /// This instant moved by whole calendar months, the day clamped to the target month's length (Jan 31 + 1 month is
    /// Feb 28 or 29), the time of day kept.
    func adding(months: Int64) -> ISO8601DateTime? {
        let (year, month, day) = self.date
        let (monthIndex, overflow) = (Int64(year) * 12 + Int64(month - 1)).addingReportingOverflow(months)
        guard !overflow else { return nil }
        let targetYear = monthIndex >= 0 ? monthIndex / 12 : -1
        guard (1...9999).contains(targetYear) else { return nil }
        let targetMonth = Int(monthIndex % 12) + 1
        let targetDay = min(day, Self.daysIn(month: targetMonth, year: Int(targetYear)))
        let days = Self.daysSinceEpoch(year: Int(targetYear), month: targetMonth, day: targetDay)
        return ISO8601DateTime(ticks: days * Self.ticksPerDay + self.timeOfDayTicks)
    }
}
