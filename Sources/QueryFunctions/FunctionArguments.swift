import JSON

/// Typed, bounds-checked access to a function's arguments: every accessor answers `nil` for a missing argument or one
/// of the wrong type, which the functions turn into undefined.
extension Array where Element == JSONValue? {
    /// The argument at `index`, or `nil` when it is undefined or absent.
    func value(_ index: Int) -> JSONValue? {
        self.indices.contains(index) ? self[index] : nil
    }

    func string(_ index: Int) -> String? {
        self.value(index)?.stringValue
    }

    func bool(_ index: Int) -> Bool? {
        self.value(index)?.boolValue
    }

    func array(_ index: Int) -> [JSONValue]? {
        self.value(index)?.arrayValue
    }

    func object(_ index: Int) -> JSONObject? {
        self.value(index)?.objectValue
    }

    /// Any number as a `Double` (possibly non-finite).
    func number(_ index: Int) -> Double? {
        self.value(index)?.doubleValue
    }

    /// A number that is exactly an integer in the 64-bit range (`3` or `3.0`, not `3.5`).
    func exactInteger(_ index: Int) -> Int64? {
        self.value(index)?.integerValue
    }

    /// A finite number truncated toward zero and clamped to the 64-bit range, for counts and positions.
    func truncatedInteger(_ index: Int) -> Int64? {
        guard let value = self.value(index) else { return nil }
        switch value {
        case .integer(let integer):
            return integer
        case .double(let double):
            guard double.isFinite else { return nil }
            let truncated = double.rounded(.towardZero)
            if truncated >= 9_223_372_036_854_775_808 { return .max }
            if truncated <= -9_223_372_036_854_775_808 { return .min }
            return Int64(truncated)
        default:
            return nil
        }
    }

    /// The optional boolean flag at `index`: `false` when absent, `nil` (invalid) when present but not a boolean.
    func optionalFlag(_ index: Int) -> Bool? {
        guard self.count > index else { return false }
        return self.bool(index)
    }
}
