public import JSON

/// An Avro schema (the subset of the 1.11 specification that object container files use): primitives, records,
/// enums, arrays, maps, unions and fixed. Named types may be referenced by name after their definition.
public indirect enum AvroSchema: Sendable, Hashable {
    case null, boolean, int, long, float, double, bytes, string
    case record(name: String, fields: [Field])
    case enumeration(name: String, symbols: [String])
    case array(AvroSchema)
    case map(AvroSchema)
    case union([AvroSchema])
    case fixed(name: String, size: Int)

    public struct Field: Sendable, Hashable {
        public let name: String
        public let type: AvroSchema
    }

    /// Parses the JSON form found in a file's `avro.schema` metadata.
    public init(json: JSONValue) throws(AvroError) {
        var named: [String: AvroSchema] = [:]
        self = try Self.parse(json, namespace: nil, named: &named)
    }

    private static func parse(_ json: JSONValue, namespace: String?, named: inout [String: AvroSchema]) throws(AvroError) -> AvroSchema {
        switch json {
        case .string(let name):
            switch name {
            case "null": return .null
            case "boolean": return .boolean
            case "int": return .int
            case "long": return .long
            case "float": return .float
            case "double": return .double
            case "bytes": return .bytes
            case "string": return .string
            default:
                let qualified = name.contains(".") ? name : namespace.map { "\($0).\(name)" } ?? name
                guard let type = named[qualified] ?? named[name] else {
                    throw AvroError.schema("unknown type name '\(name)'")
                }
                return type
            }
        case .array(let branches):
            var types: [AvroSchema] = []
            for branch in branches {
                types.append(try self.parse(branch, namespace: namespace, named: &named))
            }
            return .union(types)
        case .object(let object):
            guard case .string(let type)? = object["type"] else {
                throw AvroError.schema("a schema object needs a \"type\"")
            }
            let name = object["name"]?.stringValue
            let space = object["namespace"]?.stringValue ?? namespace
            let qualified = name.map { $0.contains(".") ? $0 : space.map { "\($0).\(name!)" } ?? $0 }
            switch type {
            case "record", "error":
                guard let qualified, case .array(let fieldList)? = object["fields"] else {
                    throw AvroError.schema("a record needs a \"name\" and \"fields\"")
                }
                var fields: [Field] = []
                for field in fieldList {
                    guard case .string(let fieldName)? = field["name"], let fieldType = field["type"] else {
                        throw AvroError.schema("every field of record \(qualified) needs a \"name\" and a \"type\"")
                    }
                    fields.append(Field(name: fieldName, type: try self.parse(fieldType, namespace: space, named: &named)))
                }
                let record = AvroSchema.record(name: qualified, fields: fields)
                named[qualified] = record
                return record
            case "enum":
                guard let qualified, case .array(let symbols)? = object["symbols"] else {
                    throw AvroError.schema("an enum needs a \"name\" and \"symbols\"")
                }
                let enumeration = AvroSchema.enumeration(name: qualified, symbols: symbols.compactMap(\.stringValue))
                named[qualified] = enumeration
                return enumeration
            case "array":
                guard let items = object["items"] else { throw AvroError.schema("an array needs \"items\"") }
                return .array(try self.parse(items, namespace: space, named: &named))
            case "map":
                guard let values = object["values"] else { throw AvroError.schema("a map needs \"values\"") }
                return .map(try self.parse(values, namespace: space, named: &named))
            case "fixed":
                guard let qualified, let size = object["size"]?.integerValue, size >= 0 else {
                    throw AvroError.schema("a fixed type needs a \"name\" and a \"size\"")
                }
                let fixed = AvroSchema.fixed(name: qualified, size: Int(size))
                named[qualified] = fixed
                return fixed
            default:
                // A primitive written as {"type": "long", "logicalType": ...}: the logical type is ignored.
                return try self.parse(.string(type), namespace: space, named: &named)
            }
        default:
            throw AvroError.schema("a schema must be a string, an array (union) or an object")
        }
    }
}
