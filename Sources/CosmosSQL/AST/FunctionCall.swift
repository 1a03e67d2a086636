/// A call of a built-in function (`ST_DISTANCE(...)`) or, with `isUserDefined`, of a UDF (`udf.name(...)`).
///
/// Equality and hashing ignore `location`, so ASTs parsed from differently formatted text compare equal.
public struct FunctionCall: Sendable, Hashable {
    /// The name as written; built-in names are case-insensitive, so the evaluator should compare uppercased.
    public var name: String
    public var arguments: [Expression]
    public var isUserDefined: Bool
    /// Where the call's name (or the `udf` keyword) starts, for error messages such as unknown functions.
    public var location: SourceLocation

    public init(name: String, arguments: [Expression], isUserDefined: Bool = false, location: SourceLocation = .start) {
        self.name = name
        self.arguments = arguments
        self.isUserDefined = isUserDefined
        self.location = location
    }

    public static func == (lhs: FunctionCall, rhs: FunctionCall) -> Bool {
        lhs.name == rhs.name && lhs.isUserDefined == rhs.isUserDefined && lhs.arguments == rhs.arguments
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(isUserDefined)
        hasher.combine(arguments)
    }
}
