import DocumentStore
import JSON

/// A stored document as a query row sees it: a top-level property is found through the envelope's member directory
/// and only its value is parsed, so a filter on one field never materialises (or even scans) the whole document.
///
/// - Warning: Wraps a ``DocumentView``; valid only inside the scan callback that produced it.
final class LazyDocument {
    let view: DocumentView
    /// Values already parsed, by name (a handful per row, so a list beats a dictionary).
    private var parsed: [(name: String, value: JSONValue?)] = []
    private var whole: JSONValue?
    /// Told when the whole document is parsed (the page's metrics).
    private let materializations: MaterializationCounter

    init(_ view: DocumentView, materializations: MaterializationCounter) {
        self.view = view
        self.materializations = materializations
    }

    /// The value of a top-level property (system properties included), or `nil` (undefined).
    func property(_ name: String) -> JSONValue? {
        for entry in self.parsed where entry.name == name {
            return entry.value
        }
        let value = self.lookUp(name)
        self.parsed.append((name, value))
        return value
    }

    private func lookUp(_ name: String) -> JSONValue? {
        if name.utf8.first == UInt8(ascii: "_"), let system = self.view.systemProperty(name) {
            return system
        }
        let body = self.view.body
        var key = name
        // Stored bodies never repeat a top-level key, so the first match is the only one.
        return key.withUTF8 { keyBytes -> JSONValue? in
            guard let value = self.view.topLevelValue(named: UnsafeRawBufferPointer(keyBytes)) else { return nil }
            return try? JSONReader.parse(UnsafeRawBufferPointer(rebasing: body[value]))
        }
    }

    /// The whole document with its system properties, as `SELECT VALUE c` returns it.
    func value() -> JSONValue {
        if let whole = self.whole { return whole }
        self.materializations.record()
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
