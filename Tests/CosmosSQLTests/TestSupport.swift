import Foundation
@testable import CosmosSQL

/// One golden case from `Fixtures/parse.sql`.
struct GoldenCase: Sendable, CustomStringConvertible {
    var query: String
    /// The canonical (minimal) printed form.
    var expected: String
    /// The fully parenthesised printed form.
    var parenthesized: String
    /// Line of the fixture file where the query starts, for failure messages.
    var line: Int

    var description: String {
        "parse.sql:\(line)"
    }
}

/// Reads fixtures next to this source file, so no SwiftPM resources are needed.
enum Fixtures {
    static let directory: String = {
        let path = #filePath
        guard let slash = path.lastIndex(of: "/") else { return "Fixtures" }
        return String(path[..<slash]) + "/Fixtures"
    }()

    static func text(named name: String) throws -> String {
        try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }

    /// Cases are separated by blank lines; a case is query lines, one `=> canonical` line and one `~> parenthesised` line;
    /// `#` lines are comments.
    static let goldenCases: [GoldenCase] = {
        guard let text = try? text(named: "parse.sql") else { return [] }
        var cases: [GoldenCase] = []
        var queryLines: [String] = []
        var expected = ""
        var startLine = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("#") || (line.isEmpty && queryLines.isEmpty) {
                continue
            }
            if line.hasPrefix("=> ") {
                expected = String(line.dropFirst(3))
            } else if line.hasPrefix("~> ") {
                let query = queryLines.joined(separator: "\n")
                cases.append(GoldenCase(query: query, expected: expected, parenthesized: String(line.dropFirst(3)), line: startLine))
                queryLines = []
            } else {
                if queryLines.isEmpty {
                    startLine = index + 1
                }
                queryLines.append(String(line))
            }
        }
        return cases
    }()
}

/// Runs `body` on a thread with exactly `stackSize` bytes of stack and waits for it, to prove code stays within a budget.
func runOnThread(stackSize: Int, _ body: @escaping @Sendable () -> Void) {
    let finished = DispatchSemaphore(value: 0)
    let thread = Thread {
        body()
        finished.signal()
    }
    thread.stackSize = stackSize
    thread.start()
    finished.wait()
}

/// Wall-clock seconds since an arbitrary start, for reporting test durations.
func secondsNow() -> Double {
    Date().timeIntervalSinceReferenceDate
}
