import Foundation

/// Number formatting for the table and the progress lines: thousands separators for rates, units scaled so that
/// every latency reads at a glance.
public enum Format {
    public static func integer(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    public static func decimal(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// A rate such as events per second, rounded to a whole number.
    public static func rate(_ value: Double) -> String {
        self.integer(Int(value.rounded()))
    }

    /// A ratio such as `2.31x`.
    public static func ratio(_ value: Double) -> String {
        value >= 100 ? self.decimal(value, digits: 0) + "x" : value >= 10 ? self.decimal(value, digits: 1) + "x" : self.decimal(value, digits: 2) + "x"
    }

    /// A duration given in nanoseconds, in the unit `unit` names.
    public static func duration(nanoseconds: Double, in unit: LatencyUnit) -> String {
        let value = nanoseconds / unit.nanoseconds
        return value >= 100 ? self.decimal(value, digits: 0) : value >= 10 ? self.decimal(value, digits: 1) : self.decimal(value, digits: 2)
    }

    public static func seconds(_ value: Double) -> String {
        self.decimal(value, digits: 1) + " s"
    }
}
