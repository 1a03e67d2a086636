import Foundation

/// A fresh, empty directory under the system's temporary directory, for one engine instance; removed by ``remove()``.
struct TemporaryDirectory: Sendable {
    let path: String

    init(prefix: String) throws {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-XXXXXX").path
        var bytes = Array(template.utf8CString)
        guard let created = mkdtemp(&bytes) else {
            throw BenchmarkError("cannot create a temporary directory from \(template): errno \(errno)")
        }
        self.path = String(cString: created)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}

/// A failure of the benchmark itself (not of an engine), with a message for the person running it.
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
