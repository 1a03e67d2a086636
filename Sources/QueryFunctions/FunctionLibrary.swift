/// The registry of every built-in scalar function, looked up case-insensitively by name.
///
/// Aggregates, full-text and vector functions, `DocumentId` and user-defined functions are not here: the evaluator
/// handles or rejects them.
public enum FunctionLibrary {
    /// Every definition keyed by its upper-cased name, built once.
    private static let definitionsByName: [String: FunctionDefinition] = {
        var table: [String: FunctionDefinition] = [:]
        let families = [
            TypeFunctions.definitions, StringFunctions.definitions, MathFunctions.definitions, ArrayFunctions.definitions,
            DateTimeFunctions.definitions, SpatialFunctions.definitions,
        ]
        for definition in families.joined() {
            precondition(table[definition.name.uppercased()] == nil, "duplicate function \(definition.name)")
            table[definition.name.uppercased()] = definition
        }
        return table
    }()

    /// The function called `name` in any letter case, or `nil` when there is none.
    public static func definition(named name: String) -> FunctionDefinition? {
        self.definitionsByName[name.uppercased()]
    }

    /// The canonical names of every function, sorted.
    public static var allNames: [String] {
        self.definitionsByName.values.map(\.name).sorted()
    }
}
