/// Case-insensitive matching for `RegexMatch`: which Unicode scalars are equal under simple (one scalar to one scalar)
/// case folding, independent of locale.
///
/// The standard library exposes case mappings but not the folding table, so a scalar's fold is derived from its
/// single-scalar mappings: the lowercase of its uppercase (so `ς`, `σ` and `Σ` meet, as do `k`, `K` and the Kelvin sign
/// U+212A), else its lowercase, else itself. Mappings that expand to several scalars (`ß` to `SS`) are not simple
/// mappings and are ignored. Dotless `ı` (U+0131) keeps itself, as it folds to `i` only under the Turkic rules, which
/// are locale-specific. Scalars related by folding form one equivalence class, computed once on first use.
enum RegexCaseFolding {
    /// Every scalar with at least one case-equivalent, mapped to its whole class (itself included). Scalars with no
    /// equivalent are absent.
    private static let classes: [UInt32: [Unicode.Scalar]] = Self.buildClasses()

    /// Cased scalars all lie below U+20000 (planes 2 and up hold ideographs, tags and private use).
    private static let casedScalarLimit: UInt32 = 0x2_0000

    /// `scalar` and every scalar equal to it under simple case folding.
    static func equivalents(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        self.classes[scalar.value] ?? [scalar]
    }

    /// Whether any scalar equal to `scalar` under simple case folding satisfies `predicate`.
    static func anyEquivalent(of scalar: Unicode.Scalar, satisfies predicate: (Unicode.Scalar) -> Bool) -> Bool {
        guard let members = self.classes[scalar.value] else { return predicate(scalar) }
        return members.contains(where: predicate)
    }

    /// The scalar `scalar` folds to, as described on the type.
    static func simpleFold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.value == 0x131 { return scalar }
        if let upper = self.single(scalar.properties.uppercaseMapping), let lower = self.single(upper.properties.lowercaseMapping) {
            return lower
        }
        return self.single(scalar.properties.lowercaseMapping) ?? scalar
    }

    private static func single(_ mapping: String) -> Unicode.Scalar? {
        var scalars = mapping.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return nil }
        return first
    }

    /// Groups every cased scalar with its fold (a scalar and its fold are one class; classes sharing a member merge).
    private static func buildClasses() -> [UInt32: [Unicode.Scalar]] {
        var representative: [UInt32: UInt32] = [:]
        func root(_ value: UInt32) -> UInt32 {
            var current = value
            while let next = representative[current], next != current { current = next }
            return current
        }
        for value in 0..<self.casedScalarLimit {
            guard let scalar = Unicode.Scalar(value), scalar.properties.changesWhenCaseMapped else { continue }
            let folded = self.simpleFold(scalar).value
            if folded == value { continue }
            let (first, second) = (root(value), root(folded))
            representative[value] = representative[value] ?? value
            representative[folded] = representative[folded] ?? folded
            if first != second { representative[max(first, second)] = min(first, second) }
        }
        var members: [UInt32: [Unicode.Scalar]] = [:]
        for value in representative.keys {
            if let scalar = Unicode.Scalar(value) { members[root(value), default: []].append(scalar) }
        }
        var classes: [UInt32: [Unicode.Scalar]] = [:]
        for group in members.values {
            let sorted = group.sorted { $0.value < $1.value }
            for scalar in sorted { classes[scalar.value] = sorted }
        }
        return classes
    }
}
