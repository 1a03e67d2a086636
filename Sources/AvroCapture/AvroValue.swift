/// A decoded Avro datum.
public indirect enum AvroValue: Sendable, Hashable {
    case null
    case boolean(Bool)
    case int(Int32)
    case long(Int64)
    case float(Float)
    case double(Double)
    case bytes([UInt8])
    case string(String)
    case record([String: AvroValue])
    case enumeration(String)
    case array([AvroValue])
    case map([String: AvroValue])
    case fixed([UInt8])

    /// A field of a record.
    public subscript(field: String) -> AvroValue? {
        if case .record(let fields) = self { return fields[field] }
        return nil
    }
}
