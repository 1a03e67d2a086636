/// A JSON object that keeps its members in document order.
///
/// Lookups scan the members (documents have few top-level keys, and a scan beats hashing at that size); when a key
/// repeats, the last occurrence wins, as in JavaScript. Keys match by code point (``OrdinalString``), as stored
/// documents' top-level lookups do, so "é" and "e\u{301}" are different keys. Equality ignores order.
public struct JSONObject: Sendable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    /// One `"key": value` pair.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }

        public static func == (lhs: Member, rhs: Member) -> Bool {
            OrdinalString.areEqual(lhs.key, rhs.key) && lhs.value == rhs.value
        }

        public func hash(into hasher: inout Hasher) {
            OrdinalString.hash(self.key, into: &hasher)
            hasher.combine(self.value)
        }
    }

    public private(set) var members: [Member]

    public init() {
        self.members = []
    }

    public init(_ members: [Member]) {
        self.members = members
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.members = elements.map { Member(key: $0.0, value: $0.1) }
    }

    public var startIndex: Int { self.members.startIndex }
    public var endIndex: Int { self.members.endIndex }
    public subscript(position: Int) -> Member { self.members[position] }

    /// The keys in document order (repeated keys appear once per occurrence).
    public var keys: [String] { self.members.map(\.key) }

    /// The value of the last member named `key`. Setting replaces that member in place, appends a new one, or (with
    /// `nil`) removes every member with that key.
    public subscript(key: String) -> JSONValue? {
        get {
            for member in self.members.reversed() where OrdinalString.areEqual(member.key, key) {
                return member.value
            }
            return nil
        }
        set {
            if let newValue {
                if let index = self.members.lastIndex(where: { OrdinalString.areEqual($0.key, key) }) {
                    self.members[index].value = newValue
                } else {
                    self.members.append(Member(key: key, value: newValue))
                }
            } else {
                self.members.removeAll { OrdinalString.areEqual($0.key, key) }
            }
        }
    }

    /// Appends a member without looking for an existing one (the parser's fast path).
    public mutating func append(key: String, value: JSONValue) {
        self.members.append(Member(key: key, value: value))
    }

    /// Inserts a member at `index` (used to place `id` first).
    public mutating func insert(key: String, value: JSONValue, at index: Int) {
        self.members.insert(Member(key: key, value: value), at: index)
    }

    /// Removes every member whose key satisfies `predicate`.
    public mutating func removeMembers(where predicate: (String) -> Bool) {
        self.members.removeAll { predicate($0.key) }
    }

    /// Whether any key occurs more than once.
    var hasRepeatedKeys: Bool {
        if self.members.count < 2 { return false }
        var seen = Set<OrdinalString>(minimumCapacity: self.members.count)
        for member in self.members where !seen.insert(OrdinalString(member.key)).inserted {
            return true
        }
        return false
    }

    /// The members with repeated keys collapsed to their last occurrence, in first-occurrence order.
    var effectiveMembers: [Member] {
        guard self.hasRepeatedKeys else { return self.members }
        var result: [Member] = []
        var positions: [OrdinalString: Int] = [:]
        for member in self.members {
            if let position = positions[OrdinalString(member.key)] {
                result[position].value = member.value
            } else {
                positions[OrdinalString(member.key)] = result.count
                result.append(member)
            }
        }
        return result
    }
}

extension JSONObject: Hashable {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        let left = lhs.effectiveMembers
        let right = rhs.effectiveMembers
        guard left.count == right.count else { return false }
        if zip(left, right).allSatisfy({ OrdinalString.areEqual($0.key, $1.key) && $0.value == $1.value }) {
            return true
        }
        for member in left {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-member hashes commutatively.
        var combined = 0
        let members = self.effectiveMembers
        for member in members {
            var memberHasher = Hasher()
            OrdinalString.hash(member.key, into: &memberHasher)
            memberHasher.combine(member.value)
            combined = combined &+ memberHasher.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }
}
