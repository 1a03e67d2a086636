/// A date and time part named by the date functions' `date_time_part` argument.
///
/// The spellings are the documented ones (DateTimeAdd / DateTimePart pages): `year`/`yyyy`/`yy`, `month`/`mm`/`m`,
/// `day`/`dd`/`d`, `hour`/`hh`, `minute`/`mi`/`n`, `second`/`ss`/`s`, `millisecond`/`ms`, `microsecond`/`mcs`,
/// `nanosecond`/`ns`, matched without regard to letter case.
enum DateTimePart: Sendable {
    case year, month, day, hour, minute, second, millisecond, microsecond, nanosecond

    init?(name: String) {
        switch CaseMapping.lowercased(name) {
        case "year", "yyyy", "yy": self = .year
        case "month", "mm", "m": self = .month
        case "day", "dd", "d": self = .day
        case "hour", "hh": self = .hour
        case "minute", "mi", "n": self = .minute
        case "second", "ss", "s": self = .second
        case "millisecond", "ms": self = .millisecond
        case "microsecond", "mcs": self = .microsecond
        case "nanosecond", "ns": self = .nanosecond
        default: return nil
        }
    }

    /// The length of one unit in nanoseconds, for the fixed-length parts (day and smaller).
    var fixedNanoseconds: Int64? {
        switch self {
        case .year, .month: nil
        case .day: 86_400_000_000_000
        case .hour: 3_600_000_000_000
        case .minute: 60_000_000_000
        case .second: 1_000_000_000
        case .millisecond: 1_000_000
        case .microsecond: 1_000
        case .nanosecond: 1
        }
    }
}
