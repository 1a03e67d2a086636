import Testing
@testable import CosmosSQL

/// Inputs that once broke the parser or the printer, found by the robustness tests or by the libFuzzer harness in
/// Tools/SQLFuzzer. Each must parse or throw `SyntaxError`, and whatever parses must survive a print/parse round trip.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let inputs: [String] = [
        // Robustness test: a 300-term OR chain parsed, but its fully parenthesised print nested 300 deep and no longer
        // parsed. Fixed by printing only the parentheses precedence needs.
        "SELECT VALUE " + Array(repeating: "c.a = 1", count: 300).joined(separator: " OR "),
        "SELECT VALUE " + Array(repeating: "'x'", count: 500).joined(separator: " || "),
        "SELECT VALUE " + String(repeating: "a ? ", count: 190) + "b" + String(repeating: " : c", count: 190),
        // Printer edge cases: numbers before member access, minus signs, and NOT in both of its roles.
        "SELECT VALUE 1 .a",
        "SELECT VALUE (-1).a",
        "SELECT VALUE -1.5.x",
        "SELECT VALUE - -0.0",
        "SELECT VALUE -(0)",
        "SELECT VALUE 1 - -1",
        "SELECT VALUE NOT a = b",
        "SELECT VALUE (NOT a) = b",
        "SELECT VALUE a = NOT b",
        "SELECT VALUE (NOT a) BETWEEN b AND NOT c",
        "SELECT VALUE NOT a BETWEEN b AND c",
        "SELECT VALUE a IN (1) IN (2)",
        "SELECT VALUE c[('a')]",
    ]

    @Test("regression inputs parse or fail cleanly and round-trip", arguments: inputs)
    func regression(_ input: String) {
        #expect(RobustnessTests.check(input) == nil)
    }
}
