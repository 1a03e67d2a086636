import JSON

/// One operation of a transactional batch body, read from the raw text.
///
/// The small members are parsed; the resource body stays the bytes the client sent, as a single write stores them.
/// (Parsing the whole batch into a tree and printing each resource body again was a third of the server's CPU on
/// batched ingest.)
struct BatchOperation: Sendable {
    var operationType: JSONValue?
    var id: JSONValue?
    var ifMatch: JSONValue?
    var ifNoneMatch: JSONValue?
    /// The `resourceBody` member's JSON text.
    var resourceBody: [UInt8]?

    /// The operations of a batch body (a JSON array); a member that repeats counts once, the last one.
    /// - Throws: 400 when the body is not JSON or not an array.
    static func operations(in body: [UInt8]) throws(CosmosError) -> [BatchOperation] {
        let result: Result<[BatchOperation], CosmosError> = body.withUnsafeBytes { text in
            Result { () throws(CosmosError) in
                do {
                    _ = try JSONReader.validate(text)
                } catch {
                    throw CosmosError.badRequest("the request body is not valid JSON: \(error)")
                }
                guard let start = text.firstIndex(where: { !Self.isWhitespace($0) }), text[start] == UInt8(ascii: "[") else {
                    throw CosmosError.badRequest("a batch body must be a JSON array of operations")
                }
                var operations: [BatchOperation] = []
                JSONScanner.forEachElement(in: text, arrayAt: start) { element in
                    operations.append(BatchOperation(text: text, element: element))
                    return true
                }
                return operations
            }
        }
        return try result.get()
    }

    /// Reads the members of the element at `element`; anything but an object has none.
    private init(text: UnsafeRawBufferPointer, element: Range<Int>) {
        guard text[element.lowerBound] == UInt8(ascii: "{") else { return }
        JSONScanner.forEachMember(in: text, objectAt: element.lowerBound) { span in
            let value = UnsafeRawBufferPointer(rebasing: text[span.value])
            if Self.key(span, in: text, is: "resourceBody") {
                self.resourceBody = Array(value)
            } else if Self.key(span, in: text, is: "operationType") {
                self.operationType = try? JSONReader.parse(value)
            } else if Self.key(span, in: text, is: "id") {
                self.id = try? JSONReader.parse(value)
            } else if Self.key(span, in: text, is: "ifMatch") {
                self.ifMatch = try? JSONReader.parse(value)
            } else if Self.key(span, in: text, is: "ifNoneMatch") {
                self.ifNoneMatch = try? JSONReader.parse(value)
            }
            return true
        }
    }

    /// Whether the resource body is a JSON object.
    var resourceBodyIsObject: Bool {
        self.resourceBody?.first == UInt8(ascii: "{")
    }

    private static func key(_ span: JSONScanner.MemberSpan, in text: UnsafeRawBufferPointer, is name: StaticString) -> Bool {
        JSONScanner.key(of: span, in: text, equals: UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
