import CosmosSQL
import DocumentStore
import JSON

/// Builds one output row from a row's bindings.
enum Projector {
    /// The row's output, or `nil` when it produces none (`SELECT VALUE` of undefined).
    static func project(_ projection: CompiledQuery.Projection, _ scope: Scope, evaluator: Evaluator) throws(QueryError) -> RowOutput? {
        switch projection {
        case .star:
            return self.whole(scope.lastBinding)
        case .value(let expression):
            if case .identifier(let name) = expression, case .document(let document)? = scope.binding(name) {
                return self.whole(.document(document))
            }
            return try evaluator.evaluate(expression, scope).map(RowOutput.value)
        case .object(let items):
            var object = JSONObject()
            for item in items {
                if let value = try evaluator.evaluate(item.expression, scope) {
                    object.append(key: item.name, value: value)
                }
            }
            return .value(.object(object))
        }
    }

    /// A binding as a whole row: a stored document is written out without parsing.
    private static func whole(_ binding: Scope.Binding?) -> RowOutput? {
        switch binding {
        case .document(let document)?:
            var writer = JSONWriter(reservingCapacity: 0)
            document.write(to: &writer)
            return .bytes(writer.bytes)
        case .value(let value?)?:
            return .value(value)
        default:
            return nil
        }
    }
}
