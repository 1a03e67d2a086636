import JSON
import QueryFunctions

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One value of a stored document, read from its minified bytes for a ``DirectFilter`` test.
///
/// The common shapes (a plain integer, a string without escapes) are compared in place; everything else is parsed
/// and compared by the evaluator's own functions, so the answers are the evaluator's by construction.
///
/// - Warning: A `.string` points into the memory map; use it only inside the scan callback.
enum StoredValue {
    /// An integer written with at most 18 digits (so it fits `Int64` without checking).
    case integer(Int64)
    /// The bytes between the quotes of a string without backslash escapes (so they are its UTF-8).
    case string(UnsafeRawBufferPointer)
    /// Any other value, parsed (`nil` if the bytes do not parse, which stored documents never do).
    case parsed(JSONValue?)

    init(_ bytes: UnsafeRawBufferPointer) {
        guard let first = bytes.first else {
            self = .parsed(nil)
            return
        }
        switch first {
        case UInt8(ascii: "\""):
            let content = UnsafeRawBufferPointer(rebasing: bytes[1..<(bytes.count - 1)])
            if content.isEmpty || memchr(content.baseAddress!, Int32(UInt8(ascii: "\\")), content.count) == nil {
                self = .string(content)
            } else {
                self = .parsed(try? JSONReader.parse(bytes))
            }
        case UInt8(ascii: "n"): self = .parsed(.null)
        case UInt8(ascii: "t"): self = .parsed(.bool(true))
        case UInt8(ascii: "f"): self = .parsed(.bool(false))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if let integer = Self.plainInteger(bytes) {
                self = .integer(integer)
            } else {
                self = .parsed(try? JSONReader.parse(bytes))
            }
        default:
            self = .parsed(try? JSONReader.parse(bytes))
        }
    }

    /// `-?[0-9]{1,18}` and nothing else (the parser reads it as the same `.integer`).
    @inline(__always)
    private static func plainInteger(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        let digits = bytes.count - index
        guard digits >= 1, digits <= 18 else { return nil }
        var magnitude: Int64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            magnitude = magnitude &* 10 &+ Int64(digit)
            index += 1
        }
        return negative ? -magnitude : magnitude
    }

    /// The evaluator's `compareScalars(self, constant)`: the order of two values of the same scalar type, `nil`
    /// (undefined) across types and for arrays and objects. Strings compare by UTF-8 bytes (code point order).
    func order(against constant: FilterConstant) -> Int? {
        switch self {
        case .integer(let integer):
            switch constant.value {
            case .integer(let other): return integer == other ? 0 : (integer < other ? -1 : 1)
            case .double: return QueryValueOrdering.compare(.integer(integer), constant.value)
            default: return nil
            }
        case .string(let content):
            guard case .string = constant.value else { return nil }
            return constant.utf8.withUnsafeBytes { Self.compareBytes(content, $0) }
        case .parsed(let value):
            guard let value else { return nil }
            return Evaluator.compareScalars(value, constant.value)
        }
    }

    /// The evaluator's equality: `nil` (undefined) across types, else whether the values are equal (numbers by value,
    /// strings ordinally, arrays and objects deeply).
    func equals(_ constant: FilterConstant) -> Bool? {
        switch self {
        case .integer(let integer):
            switch constant.value {
            case .integer(let other): return integer == other
            case .double(let other): return Int64(exactly: other) == integer
            default: return nil
            }
        case .string(let content):
            guard case .string = constant.value else { return nil }
            return constant.utf8.withUnsafeBytes { Self.compareBytes(content, $0) == 0 }
        case .parsed(let value):
            guard let value, Evaluator.sameType(value, constant.value) else { return nil }
            return Evaluator.equal(value, constant.value)
        }
    }

    /// Unsigned byte order, the shorter first on a common prefix.
    @inline(__always)
    static func compareBytes(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Int {
        let count = min(left.count, right.count)
        if count > 0 {
            let order = memcmp(left.baseAddress!, right.baseAddress!, count)
            if order != 0 { return order < 0 ? -1 : 1 }
        }
        return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
    }
}
