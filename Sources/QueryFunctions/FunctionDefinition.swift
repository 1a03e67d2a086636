public import JSON

/// One built-in function: its canonical name, how many arguments it takes and how to evaluate it.
public struct FunctionDefinition: Sendable {
    /// The evaluation body: arguments in call order (`nil` is undefined) and the query context.
    public typealias Body = @Sendable ([JSONValue?], FunctionContext) throws(FunctionError) -> JSONValue?

    /// The documented spelling, e.g. `ST_DISTANCE` or `DateTimeAdd`.
    public let name: String
    /// The accepted argument counts (`Int.max` as the upper bound for variadic functions).
    public let arity: ClosedRange<Int>
    /// When `true` the caller returns undefined as soon as any argument is undefined, without calling ``evaluate``.
    public let propagatesUndefined: Bool
    /// `false` for functions whose result is not decided by their arguments alone: those that read the clock
    /// (GetCurrentDateTime, NOW, AGO, ...) and RAND. A computed property may not use them.
    public let isDeterministic: Bool
    public let evaluate: Body

    public init(
        name: String,
        arity: ClosedRange<Int>,
        propagatesUndefined: Bool = true,
        isDeterministic: Bool = true,
        evaluate: @escaping Body
    ) {
        self.name = name
        self.arity = arity
        self.propagatesUndefined = propagatesUndefined
        self.isDeterministic = isDeterministic
        self.evaluate = evaluate
    }

    /// Runs the function as the evaluator would: undefined arguments short-circuit when the function propagates them.
    public func callAsFunction(_ arguments: [JSONValue?], context: FunctionContext) throws(FunctionError) -> JSONValue? {
        if self.propagatesUndefined && arguments.contains(where: { $0 == nil }) { return nil }
        return try self.evaluate(arguments, context)
    }
}
