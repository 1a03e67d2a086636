public import JSON

/// The value of a document's partition key: one component per partition key path (up to three for hierarchical
/// keys).
///
/// A component is a JSON scalar or ``Component/undefined``, the Cosmos "no value" key (`{}` on the wire), which
/// differs from `null`. Numbers compare by value, so `5` and `5.0` are the same key.
public struct PartitionKeyValue: Sendable, Hashable, CustomStringConvertible {
    /// One level of a partition key.
    public enum Component: Sendable, Hashable {
        case undefined
        case null
        case bool(Bool)
        case number(Double)
        case string(String)

        /// The component for a JSON value, or `nil` when the value cannot be a partition key (arrays, objects).
        public init?(_ value: JSONValue?) {
            switch value {
            case nil: self = .undefined
            case .null: self = .null
            case .bool(let flag): self = .bool(flag)
            case .integer(let integer): self = .number(Double(integer))
            case .double(let double): self = .number(double)
            case .string(let string): self = .string(string)
            case .array, .object: return nil
            }
        }

        /// The JSON form used in the `x-ms-documentdb-partitionkey` header (`{}` for undefined).
        public var jsonValue: JSONValue {
            switch self {
            case .undefined: .object([:])
            case .null: .null
            case .bool(let flag): .bool(flag)
            case .number(let number): Int64(exactly: number).map(JSONValue.integer) ?? .double(number)
            case .string(let string): .string(string)
            }
        }
    }

    public var components: [Component]

    public init(_ components: [Component]) {
        self.components = components
    }

    /// A single-path key.
    public init(_ component: Component) {
        self.components = [component]
    }

    public static func string(_ value: String) -> PartitionKeyValue { PartitionKeyValue(.string(value)) }

    /// Parses the header form: a JSON array with one element per level, `{}` meaning undefined; `[]` is the empty key.
    /// - Throws: ``StoreError`` (`badRequest`) for anything else.
    public init(headerJSON value: JSONValue) throws(StoreError) {
        guard case .array(let elements) = value else {
            throw StoreError(.badRequest, "the partition key must be a JSON array such as [\"value\"]")
        }
        var components: [Component] = []
        for element in elements {
            if case .object(let object) = element, object.isEmpty {
                components.append(.undefined)
            } else if let component = Component(element) {
                components.append(component)
            } else {
                throw StoreError(.badRequest, "a partition key component must be a string, number, boolean, null or {}")
            }
        }
        self.components = components
    }

    /// The header form: a compact JSON array.
    public var headerJSON: JSONValue {
        .array(self.components.map(\.jsonValue))
    }

    public var description: String {
        JSONWriter.string(from: self.headerJSON)
    }
}
