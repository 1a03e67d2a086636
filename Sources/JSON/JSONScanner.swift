#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Fast, non-validating navigation of JSON text that is already known to be valid (stored documents).
///
/// A query filter on one field should not pay for parsing the whole document: the scanner finds where a member's
/// value starts and ends by skipping over everything else, and only that slice is parsed.
public enum JSONScanner {
    /// Where one `"key": value` member sits in the text (offsets into the scanned buffer).
    public struct MemberSpan: Sendable, Hashable {
        /// The key's bytes between the quotes, still escaped.
        public var key: Range<Int>
        /// The value's bytes.
        public var value: Range<Int>
        /// The key contains a backslash escape and must be decoded before comparing.
        public var keyIsEscaped: Bool

        public init(key: Range<Int>, value: Range<Int>, keyIsEscaped: Bool) {
            self.key = key
            self.value = value
            self.keyIsEscaped = keyIsEscaped
        }
    }

    /// Calls `body` for each member of the object that starts at `start` (at its `{`), in document order, until the
    /// body answers `false`.
    public static func forEachMember(
        in text: UnsafeRawBufferPointer,
        objectAt start: Int = 0,
        _ body: (MemberSpan) -> Bool
    ) {
        var next = self.firstMember(in: text, objectAt: start)
        while let position = next {
            let (span, following) = self.member(in: text, at: position)
            guard body(span) else { return }
            next = following
        }
    }

    /// Where the first member of the object at `start` (at its `{`) begins, or `nil` when the object is empty.
    public static func firstMember(in text: UnsafeRawBufferPointer, objectAt start: Int = 0) -> Int? {
        var index = self.skipWhitespace(text, start)
        guard index < text.count, text[index] == UInt8(ascii: "{") else { return nil }
        index = self.skipWhitespace(text, index + 1)
        return index < text.count && text[index] == UInt8(ascii: "\"") ? index : nil
    }

    /// The member whose key starts at `position` (from ``firstMember(in:objectAt:)`` or a previous call), and where
    /// the next member begins (`nil` after the last): members can be found one at a time, stopping early.
    public static func member(in text: UnsafeRawBufferPointer, at position: Int) -> (span: MemberSpan, next: Int?) {
        let keyStart = position + 1
        let (keyEnd, escaped) = self.endOfStringContent(text, keyStart)
        var index = self.skipWhitespace(text, keyEnd + 1)
        index = self.skipWhitespace(text, index + 1)  // ':'
        let valueStart = index
        let valueEnd = self.endOfValue(in: text, at: valueStart)
        let span = MemberSpan(key: keyStart..<keyEnd, value: valueStart..<valueEnd, keyIsEscaped: escaped)
        index = self.skipWhitespace(text, valueEnd)
        guard index < text.count, text[index] == UInt8(ascii: ",") else { return (span, nil) }
        index = self.skipWhitespace(text, index + 1)
        return (span, index < text.count && text[index] == UInt8(ascii: "\"") ? index : nil)
    }

    /// The value bytes of the member named `key` in the object at `start` (the last one if the key repeats).
    public static func member(named key: String, in text: UnsafeRawBufferPointer, objectAt start: Int = 0) -> Range<Int>? {
        var key = key
        return key.withUTF8 { keyBytes in
            var found: Range<Int>?
            self.forEachMember(in: text, objectAt: start) { span in
                if self.key(of: span, in: text, equals: UnsafeRawBufferPointer(keyBytes)) {
                    found = span.value
                }
                return true
            }
            return found
        }
    }

    /// Whether the member's key spells exactly `key` (UTF-8, unescaped).
    public static func key(of span: MemberSpan, in text: UnsafeRawBufferPointer, equals key: UnsafeRawBufferPointer) -> Bool {
        if !span.keyIsEscaped {
            guard span.key.count == key.count else { return false }
            return span.key.count == 0 || memcmp(text.baseAddress! + span.key.lowerBound, key.baseAddress!, key.count) == 0
        }
        let decoded = self.decodedKey(of: span, in: text)
        return decoded.utf8.elementsEqual(key)
    }

    /// The member's key as a String, escapes decoded.
    public static func decodedKey(of span: MemberSpan, in text: UnsafeRawBufferPointer) -> String {
        let quoted = UnsafeRawBufferPointer(rebasing: text[(span.key.lowerBound - 1)..<(span.key.upperBound + 1)])
        if !span.keyIsEscaped {
            return String(decoding: UnsafeRawBufferPointer(rebasing: text[span.key]), as: UTF8.self)
        }
        return (try? JSONReader.parse(quoted))?.stringValue ?? ""
    }

    /// Calls `body` with the range of each element of the array that starts at `start` (at its `[`).
    public static func forEachElement(in text: UnsafeRawBufferPointer, arrayAt start: Int, _ body: (Range<Int>) -> Bool) {
        var index = self.skipWhitespace(text, start)
        guard index < text.count, text[index] == UInt8(ascii: "[") else { return }
        index = self.skipWhitespace(text, index + 1)
        guard index < text.count, text[index] != UInt8(ascii: "]") else { return }
        while index < text.count {
            let end = self.endOfValue(in: text, at: index)
            guard body(index..<end) else { return }
            index = self.skipWhitespace(text, end)
            guard index < text.count, text[index] == UInt8(ascii: ",") else { return }
            index = self.skipWhitespace(text, index + 1)
        }
    }

    /// The offset just past the value that starts at `start`.
    public static func endOfValue(in text: UnsafeRawBufferPointer, at start: Int) -> Int {
        guard start < text.count else { return start }
        switch text[start] {
        case UInt8(ascii: "\""):
            return self.endOfStringContent(text, start + 1).end + 1
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < text.count {
                switch text[index] {
                case UInt8(ascii: "\""):
                    index = self.endOfStringContent(text, index + 1).end
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default:
                    break
                }
                index += 1
            }
            return text.count
        default:
            var index = start
            while index < text.count {
                switch text[index] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09:
                    return index
                default:
                    index += 1
                }
            }
            return index
        }
    }

    /// The offset of the closing quote of the string whose content starts at `start`, and whether it had escapes.
    private static func endOfStringContent(_ text: UnsafeRawBufferPointer, _ start: Int) -> (end: Int, escaped: Bool) {
        guard let base = text.baseAddress else { return (start, false) }
        var index = start
        var escaped = false
        while index < text.count {
            guard let quote = memchr(base + index, Int32(UInt8(ascii: "\"")), text.count - index) else {
                return (text.count, escaped)
            }
            let position = base.distance(to: UnsafeRawPointer(quote))
            // An escaped quote has an odd number of backslashes before it.
            var backslashes = 0
            while position - backslashes - 1 >= start && text[position - backslashes - 1] == UInt8(ascii: "\\") {
                backslashes += 1
            }
            if !escaped && memchr(base + index, Int32(UInt8(ascii: "\\")), position - index) != nil {
                escaped = true
            }
            if backslashes % 2 == 0 {
                return (position, escaped)
            }
            index = position + 1
        }
        return (text.count, escaped)
    }

    /// The text without whitespace outside strings. `text` must be valid JSON (see ``JSONReader/validate(_:)``):
    /// a byte copy is far cheaper than parsing and printing the value again.
    public static func minified(_ text: UnsafeRawBufferPointer) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            let byte = text[index]
            switch byte {
            case 0x20, 0x0A, 0x0D, 0x09:
                index += 1
            case UInt8(ascii: "\""):
                let end = self.endOfStringContent(text, index + 1).end + 1
                output.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[index..<min(end, text.count)]))
                index = end
            default:
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    @inline(__always)
    private static func skipWhitespace(_ text: UnsafeRawBufferPointer, _ start: Int) -> Int {
        var index = start
        while index < text.count {
            switch text[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return index
            }
        }
        return index
    }
}
