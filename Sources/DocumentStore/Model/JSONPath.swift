public import JSON

/// Slash-separated JSON paths as Cosmos definitions write them: `/deviceId`, `/address/city`, `/"a b"/c`.
public enum JSONPath {
    /// The property names of `path`, or `nil` when it is not a valid path. Quoted segments (`/"a/b"`) may contain
    /// slashes.
    public static func segments(of path: String) -> [String]? {
        guard path.first == "/" else { return nil }
        var segments: [String] = []
        var current = ""
        var insideQuotes = false
        var segmentWasQuoted = false
        for character in path.dropFirst() {
            if insideQuotes {
                if character == "\"" { insideQuotes = false } else { current.append(character) }
                continue
            }
            switch character {
            case "\"":
                guard current.isEmpty, !segmentWasQuoted else { return nil }
                insideQuotes = true
                segmentWasQuoted = true
            case "/":
                guard !current.isEmpty || segmentWasQuoted else { return nil }
                segments.append(current)
                current = ""
                segmentWasQuoted = false
            default:
                guard !segmentWasQuoted else { return nil }
                current.append(character)
            }
        }
        guard !insideQuotes, !current.isEmpty || segmentWasQuoted else { return nil }
        segments.append(current)
        return segments
    }

    /// The value at `segments` inside `value`, or `nil` (undefined) when any step is missing or not an object.
    public static func value(at segments: [String], in value: JSONValue) -> JSONValue? {
        var current = value
        for segment in segments {
            guard case .object(let object) = current, let next = object[segment] else { return nil }
            current = next
        }
        return current
    }
}
