/// `DATETIMEFORMAT`'s format strings: .NET custom date and time format specifiers with the invariant culture, which the
/// DATETIMEFORMAT page's examples follow (`yyyyMMdd`, `yyyy-MM-dd [HH:mm:ss]`, backslash escapes, `fff` and `FFF`).
///
/// Supported: `d`–`dddd`, `f`–`fffffff`, `F`–`FFFFFFF`, `g`/`gg`, `h`/`hh`, `H`/`HH`, `K`, `m`/`mm`, `M`–`MMMM`,
/// `s`/`ss`, `t`/`tt`, `y`–`yyyyy`, `z`–`zzz` (always a zero offset: the value is UTC), `:` and `/`, quoted literals,
/// `\` escapes and `%` (a single specifier). Other characters are copied. A one-character string is a standard format
/// (`d`, `D`, `f`, `F`, `g`, `G`, `M`, `O`, `R`, `s`, `t`, `T`, `u`, `U`, `Y`). A malformed string (an unclosed
/// quote, a trailing backslash, an unknown standard format) gives `nil`. One documented deviation from .NET is
/// kept: an `F` run that prints nothing leaves a preceding `.` in place (`ss.FFF` of a whole second gives `20.`).
enum DateTimeFormatPattern {
    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]
    private static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    static func format(_ dateTime: ISO8601DateTime, hasZoneDesignator: Bool, pattern: String) -> String? {
        var pattern = Array(pattern)
        if pattern.count == 1 {
            guard let expanded = self.standardPattern(pattern[0]) else { return nil }
            pattern = Array(expanded)
        }
        let (year, month, day) = dateTime.date
        var output = ""
        var index = 0
        while index < pattern.count {
            let character = pattern[index]
            var run = 1
            while index + run < pattern.count && pattern[index + run] == character { run += 1 }
            switch character {
            case "d":
                switch run {
                case 1: output += String(day)
                case 2: output += self.padded(day, 2)
                case 3: output += String(self.dayNames[dateTime.dayOfWeek].prefix(3))
                default: output += self.dayNames[dateTime.dayOfWeek]
                }
            case "f", "F":
                let digits = min(run, 7)
                var text = self.padded(Int(dateTime.fractionTicks), 7).prefix(digits)
                if character == "F" {
                    while text.last == "0" { text.removeLast() }
                }
                output += text
            case "g":
                output += "A.D."
            case "h":
                let twelveHour = dateTime.hour % 12 == 0 ? 12 : dateTime.hour % 12
                output += run == 1 ? String(twelveHour) : self.padded(twelveHour, 2)
            case "H":
                output += run == 1 ? String(dateTime.hour) : self.padded(dateTime.hour, 2)
            case "K":
                output += String(repeating: hasZoneDesignator ? "Z" : "", count: run)
            case "m":
                output += run == 1 ? String(dateTime.minute) : self.padded(dateTime.minute, 2)
            case "M":
                switch run {
                case 1: output += String(month)
                case 2: output += self.padded(month, 2)
                case 3: output += String(self.monthNames[month - 1].prefix(3))
                default: output += self.monthNames[month - 1]
                }
            case "s":
                output += run == 1 ? String(dateTime.second) : self.padded(dateTime.second, 2)
            case "t":
                let designator = dateTime.hour < 12 ? "AM" : "PM"
                output += run == 1 ? String(designator.prefix(1)) : designator
            case "y":
                switch run {
                case 1: output += String(year % 100)
                case 2: output += self.padded(year % 100, 2)
                default: output += self.padded(year, run)
                }
            case "z":
                output += run == 1 ? "+0" : (run == 2 ? "+00" : "+00:00")
            case "'", "\"":
                guard let close = pattern[(index + 1)...].firstIndex(of: character) else { return nil }
                output += String(pattern[(index + 1)..<close])
                index = close + 1
                continue
            case "\\":
                guard index + 1 < pattern.count else { return nil }
                output.append(pattern[index + 1])
                index += 2
                continue
            case "%":
                index += 1
                continue
            default:
                output += String(repeating: character, count: run)
            }
            index += run
        }
        return output
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// The invariant culture's pattern for a standard (single-character) format.
    private static func standardPattern(_ specifier: Character) -> String? {
        switch specifier {
        case "d": "MM/dd/yyyy"
        case "D": "dddd, dd MMMM yyyy"
        case "f": "dddd, dd MMMM yyyy HH:mm"
        case "F": "dddd, dd MMMM yyyy HH:mm:ss"
        case "g": "MM/dd/yyyy HH:mm"
        case "G": "MM/dd/yyyy HH:mm:ss"
        case "M", "m": "MMMM dd"
        case "O", "o": "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'"
        case "R", "r": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'"
        case "s": "yyyy'-'MM'-'dd'T'HH':'mm':'ss"
        case "t": "HH:mm"
        case "T": "HH:mm:ss"
        case "u": "yyyy'-'MM'-'dd HH':'mm':'ss'Z'"
        case "U": "dddd, dd MMMM yyyy HH:mm:ss"
        case "Y", "y": "yyyy MMMM"
        default: nil
        }
    }
}
