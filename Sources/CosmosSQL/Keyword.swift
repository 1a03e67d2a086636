/// Reserved words of the query language.
///
/// A reserved word can never be a bare identifier, alias or function name, but any of them may follow `.`
/// as a property name (`c.value`, `c.order`, `c.top`) and may be an unquoted object-literal key.
/// Clause keywords are case-insensitive. The literal words `true`, `false`, `null` and `undefined` are
/// case-sensitive like JSON, as in the grammar of the Azure Cosmos DB .NET SDK (`sql.g4`): `TRUE` is an identifier.
enum Keyword: String, CaseIterable, Sendable {
    case and
    case array
    case `as`
    case asc
    case between
    case by
    case desc
    case distinct
    case escape
    case exists
    case `false`
    case from
    case group
    case `in`
    case join
    case like
    case limit
    case not
    case null
    case offset
    case or
    case order
    case select
    case top
    case `true`
    case udf
    case undefined
    case value
    case `where`

    /// Literal words only match when written in lowercase.
    var isCaseSensitive: Bool {
        switch self {
        case .true, .false, .null, .undefined: true
        default: false
        }
    }

    /// How the keyword is shown in error messages and printed SQL.
    var displayName: String {
        isCaseSensitive ? rawValue : rawValue.uppercased()
    }

    /// The longest keyword ("undefined", "distinct", "between") has nine letters; longer words are never keywords.
    private static let maximumLength = 9

    /// The keyword spelled by `word`, honouring case-sensitivity of the literal words.
    static func lookUp(_ word: String) -> Keyword? {
        let utf8 = word.utf8
        guard utf8.count <= maximumLength else { return nil }
        var lowered = ""
        lowered.reserveCapacity(utf8.count)
        for byte in utf8 {
            guard byte < 0x80 else { return nil }
            let isUpper = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
            lowered.unicodeScalars.append(Unicode.Scalar(isUpper ? byte + 32 : byte))
        }
        guard let keyword = Keyword(rawValue: lowered) else { return nil }
        if keyword.isCaseSensitive && lowered != word {
            return nil
        }
        return keyword
    }

    /// Whether `name` can be written bare (as an identifier or after `.`) and read back as the same plain name.
    /// Used by the printer to choose between `c.name` and `c["name"]`.
    static func isPlainIdentifier(_ name: String) -> Bool {
        var bytes = name.utf8.makeIterator()
        guard let first = bytes.next(), Lexer.isIdentifierStart(first) else { return false }
        while let byte = bytes.next() {
            guard Lexer.isIdentifierContinuation(byte) else { return false }
        }
        return lookUp(name) == nil
    }
}
