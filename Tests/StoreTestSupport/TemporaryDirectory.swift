import Foundation

/// A unique directory under the system temporary directory, removed when `body` returns.
///
/// Every test gets its own path: LMDB forbids opening one environment twice in a process, and a fixed path would
/// make tests depend on each other.
public func withTemporaryDirectory<R>(_ body: (String) throws -> R) throws -> R {
    let path = makeTemporaryDirectoryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// The async flavour of ``withTemporaryDirectory(_:)``.
public func withTemporaryDirectory<R>(_ body: (String) async throws -> R) async throws -> R {
    let path = makeTemporaryDirectoryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

/// A fresh, not yet created, unique path under the temporary directory.
public func makeTemporaryDirectoryPath(prefix: String = "cosmolite") -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
}
