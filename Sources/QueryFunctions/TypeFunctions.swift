import JSON

/// The type-checking functions (`IS_*`) and `IIF`.
///
/// None of them propagates undefined: `IS_DEFINED(undefined)` is `false`, every other `IS_*` of undefined is `false`
/// too, and `IIF` returns its third argument unless the condition is exactly `true` (any other value, undefined
/// included, selects the third argument, as the IIF page documents for numbers, strings, arrays and objects).
enum TypeFunctions {
    static let definitions: [FunctionDefinition] = [
        check("IS_ARRAY") { $0.arrayValue != nil },
        check("IS_BOOL") { $0.boolValue != nil },
        check("IS_DATETIME") { value in value.stringValue.map { ISO8601DateTime(parsing: $0) != nil } ?? false },
        check("IS_DEFINED") { _ in true },
        check("IS_FINITE_NUMBER") { $0.doubleValue?.isFinite ?? false },
        check("IS_INTEGER") { $0.integerValue != nil },
        check("IS_NULL") { $0.isNull },
        check("IS_NUMBER") { $0.isNumber },
        check("IS_OBJECT") { $0.objectValue != nil },
        check("IS_PRIMITIVE", isPrimitive),
        check("IS_STRING") { $0.stringValue != nil },
        FunctionDefinition(name: "IIF", arity: 3...3, propagatesUndefined: false) { arguments, _ in
            arguments.value(0) == .bool(true) ? arguments.value(1) : arguments.value(2)
        },
    ]

    /// A one-argument predicate that answers `false` for undefined.
    private static func check(_ name: String, _ predicate: @escaping @Sendable (JSONValue) -> Bool) -> FunctionDefinition {
        FunctionDefinition(name: name, arity: 1...1, propagatesUndefined: false) { arguments, _ in
            guard let value = arguments.value(0) else { return .bool(false) }
            return .bool(predicate(value))
        }
    }

    /// Null, booleans, numbers and strings are primitive; arrays and objects are not.
    static func isPrimitive(_ value: JSONValue) -> Bool {
        switch value {
        case .null, .bool, .integer, .double, .string: true
        case .array, .object: false
        }
    }
}
