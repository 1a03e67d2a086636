import JSON

/// Builds function results.
enum FunctionResult {
    /// A number result: undefined when not finite, an exact integer when integral and within ±2^53, else a double.
    static func number(_ value: Double) -> JSONValue? {
        guard value.isFinite else { return nil }
        if value == value.rounded(.towardZero) && abs(value) <= 9_007_199_254_740_992 {
            return .integer(Int64(value))
        }
        return .double(value)
    }
}
