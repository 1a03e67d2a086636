/// Strict RFC 8259 JSON reading.
///
/// Rejects, with the byte offset and a reason: trailing commas, comments, single quotes, bad escapes, lone UTF-16
/// surrogates (escaped or encoded), invalid or overlong UTF-8, unescaped control characters, leading zeros,
/// `NaN`/`Infinity`, numbers too large for a double, a byte-order mark, nesting deeper than ``maximumDepth``, and
/// anything after the value. Integers that fit in `Int64` stay exact; other numbers become the nearest double
/// (numbers too small for a double become zero). Object members keep their order; repeated keys are kept (the last
/// one wins on lookup).
public enum JSONReader {
    /// The deepest nesting of arrays and objects accepted. Bounded so that parsing, printing and freeing a value can
    /// never exhaust a thread's stack, even on the 512 KiB stacks of secondary threads.
    public static let maximumDepth = 512

    /// What ``parseDocument(_:)`` learns besides the value.
    public struct Document: Sendable {
        public var value: JSONValue
        /// `true` when the text had no whitespace outside strings, so it is already in minified form.
        public var isMinified: Bool
    }

    /// Parses one JSON text.
    /// - Throws: ``JSONSyntaxError`` naming the offset and the reason.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONValue {
        try self.parseDocument(bytes).value
    }

    /// Parses one JSON text.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try self.withRawBytes(bytes) { (buffer) throws(JSONSyntaxError) in try self.parse(buffer) }
    }

    /// Parses one JSON text (a row of a query page, for example).
    public static func parse(_ bytes: ArraySlice<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONSyntaxError) in try self.parse(buffer) }
        }
        return try result.get()
    }

    /// Parses one JSON text.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, JSONSyntaxError> = text.withUTF8 { buffer in
            Result { () throws(JSONSyntaxError) in try self.parse(UnsafeRawBufferPointer(buffer)) }
        }
        return try result.get()
    }

    /// Parses one JSON text and reports whether it was already minified.
    public static func parseDocument(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> Document {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            throw JSONSyntaxError(reason: "empty input, expected a JSON value", offset: 0)
        }
        var parser = JSONParser(base: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        let value = try parser.parseText()
        return Document(value: value, isMinified: !parser.sawWhitespace)
    }

    /// Parses one JSON text and reports whether it was already minified.
    public static func parseDocument(_ bytes: [UInt8]) throws(JSONSyntaxError) -> Document {
        try self.withRawBytes(bytes) { (buffer) throws(JSONSyntaxError) in try self.parseDocument(buffer) }
    }

    /// What ``validate(_:)`` learns about a valid text.
    public struct Validation: Sendable {
        /// No whitespace outside strings.
        public var isMinified: Bool
        /// The top-level value is an object.
        public var isObject: Bool
    }

    /// Checks that `bytes` is one JSON text without building a value (no allocation for strings or numbers), with
    /// every rule of ``parse(_:)``.
    public static func validate(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> Validation {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            throw JSONSyntaxError(reason: "empty input, expected a JSON value", offset: 0)
        }
        var parser = JSONParser(base: base.assumingMemoryBound(to: UInt8.self), count: bytes.count, buildsValues: false)
        _ = try parser.parseText()
        return Validation(isMinified: !parser.sawWhitespace, isObject: parser.topLevelIsObject)
    }

    private static func withRawBytes<R>(
        _ bytes: [UInt8],
        _ body: (UnsafeRawBufferPointer) throws(JSONSyntaxError) -> R
    ) throws(JSONSyntaxError) -> R {
        let result: Result<R, JSONSyntaxError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONSyntaxError) in try body(buffer) }
        }
        return try result.get()
    }
}
