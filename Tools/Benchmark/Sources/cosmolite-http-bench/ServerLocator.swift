import BenchmarkSupport
import Foundation

/// Finds the `cosmolite` binary to benchmark when `--server` is not given: the repository's release build, located
/// from this source file (the benchmark package lives in `Tools/Benchmark` of the repository).
enum ServerLocator {
    static let buildHint = "build it at the repository root with `swift build -c release --product cosmolite`, or pass --server PATH"

    /// `<repository>/.build/release/cosmolite`.
    static var defaultPath: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // cosmolite-http-bench
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()  // Benchmark
            .deletingLastPathComponent()  // Tools
            .deletingLastPathComponent()  // the repository
            .appendingPathComponent(".build/release/cosmolite").path
    }

    /// `path` made absolute, after checking that it is an executable file.
    static func resolve(_ path: String?) throws -> String {
        let candidate = path ?? self.defaultPath
        let absolute = candidate.hasPrefix("/")
            ? candidate
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(candidate).standardized.path
        guard FileManager.default.isExecutableFile(atPath: absolute) else {
            throw BenchmarkError("no cosmolite executable at \(absolute): \(self.buildHint)")
        }
        return absolute
    }
}
