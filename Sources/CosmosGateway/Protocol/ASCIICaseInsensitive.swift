/// ASCII case-insensitive matching on UTF-8 bytes, for header values and tokens checked on every request (the
/// Foundation string equivalents bridge through CFString on Linux).
extension Collection<UInt8> {
    /// Whether the bytes equal `lowercase` (given in lower case) ignoring ASCII case.
    func equalsIgnoringASCIICase(_ lowercase: StaticString) -> Bool {
        guard self.count == lowercase.utf8CodeUnitCount else { return false }
        return lowercase.withUTF8Buffer { expected in
            zip(self, expected).allSatisfy { $0.lowercasedASCII == $1 }
        }
    }

    /// Whether `lowercase` (given in lower case) occurs in the bytes, ignoring ASCII case.
    func containsIgnoringASCIICase(_ lowercase: StaticString) -> Bool {
        lowercase.withUTF8Buffer { needle in
            guard !needle.isEmpty else { return true }
            let haystack = Array(self)
            guard haystack.count >= needle.count else { return false }
            for start in 0...(haystack.count - needle.count) {
                var offset = 0
                while offset < needle.count && haystack[start + offset].lowercasedASCII == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            return false
        }
    }

    /// Whether the bytes start with `lowercase` (given in lower case), ignoring ASCII case.
    func hasPrefixIgnoringASCIICase(_ lowercase: StaticString) -> Bool {
        guard self.count >= lowercase.utf8CodeUnitCount else { return false }
        return self.prefix(lowercase.utf8CodeUnitCount).equalsIgnoringASCIICase(lowercase)
    }
}

extension UInt8 {
    var lowercasedASCII: UInt8 {
        self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z") ? self | 0x20 : self
    }
}
