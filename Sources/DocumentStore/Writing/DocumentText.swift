import JSON

/// A valid, minified JSON object read in place: its top-level members are located once, and only the values a write
/// needs (id, partition key, TTL, indexed paths) are parsed.
///
/// Valid only while the buffer it was made from is.
struct DocumentText {
    let text: UnsafeRawBufferPointer
    /// The top-level members in document order.
    let members: [JSONScanner.MemberSpan]

    /// `text` must be a valid JSON object (checked by ``JSONReader/validate(_:)`` or written by the store).
    init(validObject text: UnsafeRawBufferPointer) {
        self.text = text
        var members: [JSONScanner.MemberSpan] = []
        members.reserveCapacity(16)
        JSONScanner.forEachMember(in: text) { span in
            members.append(span)
            return true
        }
        self.members = members
    }

    /// The last top-level member named `key` (the one lookups see when a key repeats).
    func member(named key: String) -> JSONScanner.MemberSpan? {
        var key = key
        return key.withUTF8 { keyBytes in
            self.members.last { JSONScanner.key(of: $0, in: self.text, equals: UnsafeRawBufferPointer(keyBytes)) }
        }
    }

    /// Whether two members have the same key (compared after decoding escapes).
    func keysAreEqual(_ first: JSONScanner.MemberSpan, _ second: JSONScanner.MemberSpan) -> Bool {
        if !first.keyIsEscaped && !second.keyIsEscaped {
            return first.key.count == second.key.count
                && self.text[first.key].elementsEqual(self.text[second.key])
        }
        return self.key(of: first) == self.key(of: second)
    }

    /// The member's key, decoded.
    func key(of member: JSONScanner.MemberSpan) -> String {
        JSONScanner.decodedKey(of: member, in: self.text)
    }

    /// The value in `range`, parsed (the slice of a valid text is itself valid).
    func parseValue(in range: Range<Int>) -> JSONValue? {
        try? JSONReader.parse(UnsafeRawBufferPointer(rebasing: self.text[range]))
    }

    /// The value at `segments` (a JSON path's property names), or `nil` when it is undefined.
    func value(at segments: [String]) -> JSONValue? {
        guard let first = segments.first, let member = self.member(named: first) else { return nil }
        var range = member.value
        for segment in segments.dropFirst() {
            guard self.text[range.lowerBound] == UInt8(ascii: "{"),
                let next = JSONScanner.member(named: segment, in: self.text, objectAt: range.lowerBound)
            else { return nil }
            range = next
        }
        return self.parseValue(in: range)
    }

    /// Calls `body` with each top-level member. The value is `nil` for an object or an array: those are never
    /// range-indexed, so they are not built.
    func forEachTopLevelMember(_ body: (_ key: String, _ value: JSONValue?) -> Void) {
        for member in self.members {
            switch self.text[member.value.lowerBound] {
            case UInt8(ascii: "{"), UInt8(ascii: "["): body(self.key(of: member), nil)
            default: body(self.key(of: member), self.parseValue(in: member.value))
            }
        }
    }

    /// The member's bytes from its key's opening quote to the end of its value (`"key":value` in minified text).
    func memberBytes(_ member: JSONScanner.MemberSpan) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self.text[(member.key.lowerBound - 1)..<member.value.upperBound])
    }
}
