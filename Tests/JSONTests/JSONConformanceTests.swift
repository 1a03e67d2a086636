import Foundation
import JSON
import Testing

/// Runs the whole public JSONTestSuite corpus (`../shared/data/jsontestsuite/test_parsing`): every `y_` file must
/// parse, every `n_` file must be rejected, and every `i_` file must get the outcome documented in
/// ``implementationDefinedOutcomes``.
@Suite struct JSONConformanceTests {
    static let corpus: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/jsontestsuite/test_parsing")

    static func files(prefix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
    }

    static func contents(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: corpus.appendingPathComponent(name)))
    }

    /// Our choice for each implementation-defined case: `true` = accepted.
    static let implementationDefinedOutcomes: [String: Bool] = [
        // Numbers beyond Int64 become the nearest double; beyond the double range they are rejected, since JSON
        // cannot carry infinity; below it they round to zero.
        "i_number_double_huge_neg_exp.json": true,
        "i_number_huge_exp.json": false,
        "i_number_neg_int_huge_exp.json": false,
        "i_number_pos_double_huge_exp.json": false,
        "i_number_real_neg_overflow.json": false,
        "i_number_real_pos_overflow.json": false,
        "i_number_real_underflow.json": true,
        "i_number_too_big_neg_int.json": true,
        "i_number_too_big_pos_int.json": true,
        "i_number_very_big_negative_int.json": true,
        // Lone surrogates, escaped or encoded, and any invalid UTF-8 are rejected: they cannot become Swift strings
        // without silently changing the data.
        "i_object_key_lone_2nd_surrogate.json": false,
        "i_string_1st_surrogate_but_2nd_missing.json": false,
        "i_string_1st_valid_surrogate_2nd_invalid.json": false,
        "i_string_UTF-16LE_with_BOM.json": false,
        "i_string_UTF-8_invalid_sequence.json": false,
        "i_string_UTF8_surrogate_U+D800.json": false,
        "i_string_incomplete_surrogate_and_escape_valid.json": false,
        "i_string_incomplete_surrogate_pair.json": false,
        "i_string_incomplete_surrogates_escape_valid.json": false,
        "i_string_invalid_lonely_surrogate.json": false,
        "i_string_invalid_surrogate.json": false,
        "i_string_invalid_utf-8.json": false,
        "i_string_inverted_surrogates_U+1D11E.json": false,
        "i_string_iso_latin_1.json": false,
        "i_string_lone_second_surrogate.json": false,
        "i_string_lone_utf8_continuation_byte.json": false,
        "i_string_not_in_unicode_range.json": false,
        "i_string_overlong_sequence_2_bytes.json": false,
        "i_string_overlong_sequence_6_bytes.json": false,
        "i_string_overlong_sequence_6_bytes_null.json": false,
        "i_string_truncated-utf-8.json": false,
        "i_string_utf16BE_no_BOM.json": false,
        "i_string_utf16LE_no_BOM.json": false,
        // 500 levels are within the 512-level bound.
        "i_structure_500_nested_arrays.json": true,
        // RFC 8259 section 8.1: a byte-order mark must not be added; we reject it rather than guess.
        "i_structure_UTF-8_BOM_empty_object.json": false,
    ]

    @Test func corpusIsPresent() {
        #expect(Self.files(prefix: "y_").count >= 90)
        #expect(Self.files(prefix: "n_").count >= 180)
        #expect(Self.files(prefix: "i_").count == Self.implementationDefinedOutcomes.count)
    }

    @Test(arguments: files(prefix: "y_"))
    func accepts(_ name: String) throws {
        let bytes = try Self.contents(name)
        let value = try JSONReader.parse(bytes)
        // What we parse, we can print, and the printed text parses to the same value.
        let printed = JSONWriter.bytes(from: value)
        #expect(try JSONReader.parse(printed) == value)
        // Validation mode accepts exactly what the parser accepts.
        let validation = try Self.validate(bytes)
        if case .object = value { #expect(validation.isObject) } else { #expect(!validation.isObject) }
    }

    @Test(arguments: files(prefix: "n_"))
    func rejects(_ name: String) throws {
        let bytes = try Self.contents(name)
        let error = #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(bytes) }
        if let error {
            #expect(error.offset >= 0 && error.offset <= bytes.count, "offset \(error.offset) outside the input")
            #expect(!error.reason.isEmpty)
            // Validation mode rejects at the same place for the same reason.
            let validationError = #expect(throws: JSONSyntaxError.self) { try Self.validate(bytes) }
            #expect(validationError == error)
        }
    }

    @Test(arguments: files(prefix: "i_"))
    func implementationDefined(_ name: String) throws {
        let expected = try #require(Self.implementationDefinedOutcomes[name] as Bool?, "no documented outcome for \(name)")
        let bytes = try Self.contents(name)
        let accepted = (try? JSONReader.parse(bytes)) != nil
        #expect(accepted == expected)
        #expect(((try? Self.validate(bytes)) != nil) == expected)
    }

    static func validate(_ bytes: [UInt8]) throws -> JSONReader.Validation {
        try bytes.withUnsafeBytes { try JSONReader.validate($0) }
    }
}
