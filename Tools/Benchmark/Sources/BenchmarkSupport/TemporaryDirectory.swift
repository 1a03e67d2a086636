import Foundation

/// A fresh, empty directory under the system's temporary directory, for one engine or server instance; removed by
/// ``remove()``.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String) throws {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-XXXXXX").path
        var bytes = Array(template.utf8CString)
        guard let created = mkdtemp(&bytes) else {
            throw BenchmarkError("cannot create a temporary directory from \(template): errno \(errno)")
        }
        self.path = String(cString: created)
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}
