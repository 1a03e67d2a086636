/// A compiled `LIKE` pattern: `%` matches any run of characters, `_` exactly one, `[a-f]` and `[abc]` one of a set,
/// `[^a-f]` one outside a set; wildcards inside brackets are literal; an ESCAPE character makes the next character
/// literal. Matching compares Unicode scalars, case-sensitively, over the whole string.
struct LikePattern {
    enum Element: Equatable {
        case literal(Unicode.Scalar)
        case anyOne
        case anyRun
        case set(ranges: [ClosedRange<Unicode.Scalar>], negated: Bool)

        func matches(_ scalar: Unicode.Scalar) -> Bool {
            switch self {
            case .literal(let literal): scalar == literal
            case .anyOne: true
            case .anyRun: true
            case .set(let ranges, let negated): ranges.contains { $0.contains(scalar) } != negated
            }
        }
    }

    let elements: [Element]

    init(_ pattern: String, escape: Character?) throws(QueryError) {
        let escapeScalar = escape?.unicodeScalars.first
        let scalars = Array(pattern.unicodeScalars)
        var elements: [Element] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == escapeScalar {
                guard index + 1 < scalars.count else {
                    throw QueryError(.invalidQuery, "the LIKE pattern '\(pattern)' ends with its escape character")
                }
                elements.append(.literal(scalars[index + 1]))
                index += 2
                continue
            }
            switch scalar {
            case "%":
                if elements.last != .anyRun { elements.append(.anyRun) }
                index += 1
            case "_":
                elements.append(.anyOne)
                index += 1
            case "[":
                guard let close = scalars[(index + 1)...].firstIndex(of: "]"), close > index + 1 else {
                    // An unclosed or empty bracket is an ordinary character.
                    elements.append(.literal(scalar))
                    index += 1
                    continue
                }
                var body = Array(scalars[(index + 1)..<close])
                let negated = body.first == "^" && body.count > 1
                if negated { body.removeFirst() }
                var ranges: [ClosedRange<Unicode.Scalar>] = []
                var position = 0
                while position < body.count {
                    if position + 2 < body.count, body[position + 1] == "-", body[position] <= body[position + 2] {
                        ranges.append(body[position]...body[position + 2])
                        position += 3
                    } else {
                        ranges.append(body[position]...body[position])
                        position += 1
                    }
                }
                elements.append(.set(ranges: ranges, negated: negated))
                index = close + 1
            default:
                elements.append(.literal(scalar))
                index += 1
            }
        }
        self.elements = elements
    }

    /// Whether the whole of `text` matches (dynamic programming over positions: linear in pattern times text).
    func matches(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var reachable = [Bool](repeating: false, count: scalars.count + 1)
        reachable[0] = true
        for element in self.elements {
            var next = [Bool](repeating: false, count: scalars.count + 1)
            if element == .anyRun {
                var any = false
                for position in 0...scalars.count {
                    any = any || reachable[position]
                    next[position] = any
                }
            } else {
                for position in 0..<scalars.count where reachable[position] && element.matches(scalars[position]) {
                    next[position + 1] = true
                }
            }
            reachable = next
        }
        return reachable[scalars.count]
    }
}
