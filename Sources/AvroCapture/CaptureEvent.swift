/// One event of an Event Hubs Capture file: the `Microsoft.ServiceBus.Messaging.EventData` record (SequenceNumber,
/// Offset, EnqueuedTimeUtc, SystemProperties, Properties, Body).
public struct CaptureEvent: Sendable {
    public let sequenceNumber: Int64
    public let offset: String
    public let enqueuedTimeUtc: String
    /// The event payload; `nil` when the capture recorded no body.
    public let body: [UInt8]?

    /// Checks that a file's schema is the capture schema (the fields that matter, with compatible types).
    public static func validate(_ schema: AvroSchema) throws(AvroError) {
        guard case .record(_, let fields) = schema else {
            throw AvroError("the file's records are not EventData records (the schema is not a record)")
        }
        func field(_ name: String) -> AvroSchema? { fields.first { $0.name == name }?.type }
        guard field("SequenceNumber") == .long else { throw AvroError("not an Event Hubs Capture file: no long SequenceNumber field") }
        guard field("Offset") == .string else { throw AvroError("not an Event Hubs Capture file: no string Offset field") }
        guard field("EnqueuedTimeUtc") == .string else { throw AvroError("not an Event Hubs Capture file: no string EnqueuedTimeUtc field") }
        switch field("Body") {
        case .bytes?, .union([.null, .bytes])?, .union([.bytes, .null])?: break
        default: throw AvroError("not an Event Hubs Capture file: no bytes Body field")
        }
    }

    public init(_ value: AvroValue) throws(AvroError) {
        guard case .long(let sequenceNumber)? = value["SequenceNumber"], case .string(let offset)? = value["Offset"],
            case .string(let enqueued)? = value["EnqueuedTimeUtc"]
        else { throw AvroError("the record is not an EventData record") }
        self.sequenceNumber = sequenceNumber
        self.offset = offset
        self.enqueuedTimeUtc = enqueued
        switch value["Body"] {
        case .bytes(let body)?: self.body = body
        default: self.body = nil
        }
    }
}
