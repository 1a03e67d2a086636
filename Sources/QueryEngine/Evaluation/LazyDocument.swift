import DocumentStore
import JSON

/// A stored document as a query row sees it: top-level properties are found by scanning the stored JSON text and
/// only the value asked for is parsed, so a filter on one field never materialises the whole document.
///
/// - Warning: Wraps a ``DocumentView``; valid only inside the scan callback that produced it.
final class LazyDocument {
    let view: DocumentView
    private var members: [JSONScanner.MemberSpan]?
    private var parsed: [String: JSONValue?] = [:]
    private var whole: JSONValue?

    init(_ view: DocumentView) {
        self.view = view
    }

    /// The value of a top-level property (system properties included), or `nil` (undefined).
    func property(_ name: String) -> JSONValue? {
        if let cached = self.parsed[name] {
            return cached
        }
        let value = self.lookUp(name)
        self.parsed[name] = .some(value)
        return value
    }

    private func lookUp(_ name: String) -> JSONValue? {
        if name.utf8.first == UInt8(ascii: "_"), let system = self.view.systemProperty(name) {
            return system
        }
        let body = self.view.body
        if self.members == nil {
            var spans: [JSONScanner.MemberSpan] = []
            JSONScanner.forEachMember(in: body) { span in
                spans.append(span)
                return true
            }
            self.members = spans
        }
        var key = name
        return key.withUTF8 { keyBytes -> JSONValue? in
            // The last occurrence of a repeated key wins, as for parsed objects.
            for span in self.members!.reversed() where JSONScanner.key(of: span, in: body, equals: UnsafeRawBufferPointer(keyBytes)) {
                return try? JSONReader.parse(UnsafeRawBufferPointer(rebasing: body[span.value]))
            }
            return nil
        }
    }

    /// The whole document with its system properties, as `SELECT VALUE c` returns it.
    func value() -> JSONValue {
        if let whole = self.whole { return whole }
        var writer = JSONWriter(reservingCapacity: self.view.body.count + 160)
        self.view.writeWithSystemProperties(to: &writer)
        let value = (try? JSONReader.parse(writer.bytes)) ?? .null
        self.whole = value
        return value
    }

    /// Writes the document with its system properties without parsing it (the `SELECT *` fast path).
    func write(to writer: inout JSONWriter) {
        self.view.writeWithSystemProperties(to: &writer)
    }
}
