import JSON

/// The date and time functions.
///
/// Date and time strings are UTC ISO 8601 (``ISO8601DateTime``); results are written `YYYY-MM-DDThh:mm:ss.fffffffZ`.
/// Ticks are 100-nanosecond units and timestamps milliseconds, both counted from the Unix epoch (1970-01-01). Any
/// invalid input (unparseable string, unknown part, non-integer amount, result outside years 1 to 9999) is undefined.
/// Every current-time function reads the one clock value of ``FunctionContext``, so the `*Static` variants and the
/// plain ones agree within a query.
enum DateTimeFunctions {
    static let definitions: [FunctionDefinition] = [
        now("GetCurrentDateTime"),
        now("GetCurrentDateTimeStatic"),
        nowTicks("GetCurrentTicks"),
        nowTicks("GetCurrentTicksStatic"),
        nowTimestamp("GetCurrentTimestamp"),
        nowTimestamp("GetCurrentTimestampStatic"),
        // NOW() is the current date and time; NOW(part, amount) adds `amount` parts to it.
        FunctionDefinition(name: "NOW", arity: 0...2, isDeterministic: false) { arguments, context in
            guard let current = current(context) else { return nil }
            if arguments.isEmpty { return .string(current.text) }
            guard let part = arguments.string(0).flatMap(DateTimePart.init(name:)), let amount = arguments.exactInteger(1) else {
                return nil
            }
            return add(amount, part, to: current).map { .string($0.text) }
        },
        // AGO(part, amount) subtracts `amount` parts from the current date and time.
        FunctionDefinition(name: "AGO", arity: 2...2, isDeterministic: false) { arguments, context in
            guard let current = current(context), let part = arguments.string(0).flatMap(DateTimePart.init(name:)),
                let amount = arguments.exactInteger(1), amount != .min
            else { return nil }
            return add(-amount, part, to: current).map { .string($0.text) }
        },
        FunctionDefinition(name: "DateTimeAdd", arity: 3...3) { arguments, _ in
            guard let part = arguments.string(0).flatMap(DateTimePart.init(name:)), let amount = arguments.exactInteger(1),
                let dateTime = dateTime(arguments, 2)
            else { return nil }
            return add(amount, part, to: dateTime).map { .string($0.text) }
        },
        FunctionDefinition(name: "DateTimeBin", arity: 2...4) { arguments, _ in
            bin(arguments)
        },
        FunctionDefinition(name: "DateTimeDiff", arity: 3...3) { arguments, _ in
            guard let part = arguments.string(0).flatMap(DateTimePart.init(name:)), let start = dateTime(arguments, 1),
                let end = dateTime(arguments, 2)
            else { return nil }
            return difference(part, from: start, to: end).map(JSONValue.integer)
        },
        FunctionDefinition(name: "DATETIMEFORMAT", arity: 2...2) { arguments, _ in
            guard let text = arguments.string(0), let parsed = ISO8601DateTime.parse(text), let pattern = arguments.string(1) else {
                return nil
            }
            return DateTimeFormatPattern.format(parsed.dateTime, hasZoneDesignator: parsed.hasZoneDesignator, pattern: pattern)
                .map(JSONValue.string)
        },
        FunctionDefinition(name: "DateTimeFromParts", arity: 3...7) { arguments, _ in
            var parts: [Int64] = []
            for index in arguments.indices {
                guard let part = arguments.exactInteger(index) else { return nil }
                parts.append(part)
            }
            while parts.count < 7 { parts.append(0) }
            return ISO8601DateTime(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5],
                                   fraction: parts[6]).map { .string($0.text) }
        },
        FunctionDefinition(name: "DateTimePart", arity: 2...2) { arguments, _ in
            guard let part = arguments.string(0).flatMap(DateTimePart.init(name:)), let dateTime = dateTime(arguments, 1) else {
                return nil
            }
            return .integer(value(of: part, in: dateTime))
        },
        FunctionDefinition(name: "DateTimeToTicks", arity: 1...1) { arguments, _ in
            dateTime(arguments, 0).map { .integer($0.unixTicks) }
        },
        FunctionDefinition(name: "DateTimeToTimestamp", arity: 1...1) { arguments, _ in
            dateTime(arguments, 0).map { .integer(floorDivide($0.unixTicks, ISO8601DateTime.ticksPerMillisecond)) }
        },
        FunctionDefinition(name: "DAY", arity: 1...1) { arguments, _ in
            dateTime(arguments, 0).map { .integer(Int64($0.date.day)) }
        },
        FunctionDefinition(name: "MONTH", arity: 1...1) { arguments, _ in
            dateTime(arguments, 0).map { .integer(Int64($0.date.month)) }
        },
        FunctionDefinition(name: "YEAR", arity: 1...1) { arguments, _ in
            dateTime(arguments, 0).map { .integer(Int64($0.date.year)) }
        },
        FunctionDefinition(name: "TicksToDateTime", arity: 1...1) { arguments, _ in
            guard let ticks = arguments.truncatedInteger(0) else { return nil }
            return ISO8601DateTime(unixTicks: ticks).map { .string($0.text) }
        },
        FunctionDefinition(name: "TimestampToDateTime", arity: 1...1) { arguments, _ in
            guard let ticks = arguments.value(0).flatMap(ticks(fromMilliseconds:)) else { return nil }
            return ISO8601DateTime(unixTicks: ticks).map { .string($0.text) }
        },
    ]

    /// The earliest bin origin `DateTimeBin` accepts: the Windows epoch, 1601-01-01 (documented).
    static let earliestBinOrigin = ISO8601DateTime(year: 1601, month: 1, day: 1)

    // MARK: Helpers

    private static func dateTime(_ arguments: [JSONValue?], _ index: Int) -> ISO8601DateTime? {
        arguments.string(index).flatMap(ISO8601DateTime.init(parsing:))
    }

    private static func current(_ context: FunctionContext) -> ISO8601DateTime? {
        let (ticks, overflow) = context.nowMillis.multipliedReportingOverflow(by: ISO8601DateTime.ticksPerMillisecond)
        return overflow ? nil : ISO8601DateTime(unixTicks: ticks)
    }

    private static func now(_ name: String) -> FunctionDefinition {
        FunctionDefinition(name: name, arity: 0...0, isDeterministic: false) { _, context in
            current(context).map { .string($0.text) }
        }
    }

    private static func nowTicks(_ name: String) -> FunctionDefinition {
        FunctionDefinition(name: name, arity: 0...0, isDeterministic: false) { _, context in
            let (ticks, overflow) = context.nowMillis.multipliedReportingOverflow(by: ISO8601DateTime.ticksPerMillisecond)
            return overflow ? nil : .integer(ticks)
        }
    }

    private static func nowTimestamp(_ name: String) -> FunctionDefinition {
        FunctionDefinition(name: name, arity: 0...0, isDeterministic: false) { _, context in .integer(context.nowMillis) }
    }

    /// Rounds toward negative infinity, unlike `/`.
    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    private static func floorDivide(_ value: Int128, _ divisor: Int128) -> Int128 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// Milliseconds (possibly fractional) as ticks, truncated toward zero; `nil` when not finite or out of range.
    private static func ticks(fromMilliseconds value: JSONValue) -> Int64? {
        switch value {
        case .integer(let milliseconds):
            let (ticks, overflow) = milliseconds.multipliedReportingOverflow(by: ISO8601DateTime.ticksPerMillisecond)
            return overflow ? nil : ticks
        case .double(let milliseconds):
            guard milliseconds.isFinite, abs(milliseconds) < 4e14 else { return nil }
            let whole = milliseconds.rounded(.towardZero)
            let fraction = ((milliseconds - whole) * Double(ISO8601DateTime.ticksPerMillisecond)).rounded(.towardZero)
            return Int64(whole) * ISO8601DateTime.ticksPerMillisecond + Int64(fraction)
        default:
            return nil
        }
    }

    /// `dateTime` plus `amount` of `part`: calendar arithmetic for years and months (the day clamped to the month's
    /// length, so 2024-02-29 plus one year is 2025-02-28), exact tick arithmetic for the rest (nanoseconds truncated to
    /// whole ticks).
    static func add(_ amount: Int64, _ part: DateTimePart, to dateTime: ISO8601DateTime) -> ISO8601DateTime? {
        switch part {
        case .year:
            let (months, overflow) = amount.multipliedReportingOverflow(by: 12)
            return overflow ? nil : dateTime.adding(months: months)
        case .month:
            return dateTime.adding(months: amount)
        case .nanosecond:
            return dateTime.adding(ticks: amount / 100)
        default:
            let unitTicks = (part.fixedNanoseconds ?? 0) / 100
            let (ticks, overflow) = amount.multipliedReportingOverflow(by: unitTicks)
            return overflow ? nil : dateTime.adding(ticks: ticks)
        }
    }

    /// The value of `part` in `dateTime`; the sub-second parts are the whole fraction of the second in that unit
    /// (DateTimePart page: 08:30:00.1301617 has millisecond 130, microsecond 130161, nanosecond 130161700).
    static func value(of part: DateTimePart, in dateTime: ISO8601DateTime) -> Int64 {
        switch part {
        case .year: Int64(dateTime.date.year)
        case .month: Int64(dateTime.date.month)
        case .day: Int64(dateTime.date.day)
        case .hour: Int64(dateTime.hour)
        case .minute: Int64(dateTime.minute)
        case .second: Int64(dateTime.second)
        case .millisecond: dateTime.fractionTicks / ISO8601DateTime.ticksPerMillisecond
        case .microsecond: dateTime.fractionTicks / ISO8601DateTime.ticksPerMicrosecond
        case .nanosecond: dateTime.fractionTicks * 100
        }
    }

    /// The number of `part` boundaries crossed going from `start` to `end` (negative when `end` is earlier), as SQL
    /// Server's DATEDIFF counts: 2018-12-31T23:59 to 2019-01-01T00:00 is one year, one month, one day and one hour.
    static func difference(_ part: DateTimePart, from start: ISO8601DateTime, to end: ISO8601DateTime) -> Int64? {
        switch part {
        case .year:
            return Int64(end.date.year - start.date.year)
        case .month:
            let (endDate, startDate) = (end.date, start.date)
            return Int64((endDate.year * 12 + endDate.month) - (startDate.year * 12 + startDate.month))
        case .nanosecond:
            let (nanoseconds, overflow) = (end.ticks - start.ticks).multipliedReportingOverflow(by: 100)
            return overflow ? nil : nanoseconds
        default:
            let unitTicks = (part.fixedNanoseconds ?? 100) / 100
            return end.ticks / unitTicks - start.ticks / unitTicks
        }
    }

    /// `DateTimeBin(dateTime, part [, size = 1] [, origin = 1970-01-01])`: the start of the `size`-part bin, counted
    /// from `origin`, that contains `dateTime`. Only day and smaller parts are allowed; the size must be a positive
    /// integer and the origin no earlier than 1601-01-01.
    private static func bin(_ arguments: [JSONValue?]) -> JSONValue? {
        guard let dateTime = self.dateTime(arguments, 0), let part = arguments.string(1).flatMap(DateTimePart.init(name:)),
            let unitNanoseconds = part.fixedNanoseconds
        else { return nil }
        var size: Int64 = 1
        if arguments.count > 2 {
            guard let given = arguments.exactInteger(2), given > 0 else { return nil }
            size = given
        }
        var origin = ISO8601DateTime(ticks: ISO8601DateTime.unixEpochTicks)
        if arguments.count > 3 {
            guard let given = self.dateTime(arguments, 3) else { return nil }
            origin = given
        }
        guard let origin, let earliest = self.earliestBinOrigin, origin >= earliest else { return nil }
        let binNanoseconds = Int128(size) * Int128(unitNanoseconds)
        let offsetNanoseconds = Int128(dateTime.ticks - origin.ticks) * 100
        let binStartNanoseconds = self.floorDivide(offsetNanoseconds, binNanoseconds) * binNanoseconds
        let binStartTicks = Int128(origin.ticks) + self.floorDivide(binStartNanoseconds, 100)
        guard let ticks = Int64(exactly: binStartTicks) else { return nil }
        return ISO8601DateTime(ticks: ticks).map { .string($0.text) }
    }
}
