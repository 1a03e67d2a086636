import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on a store directory, held while a ``DocumentStore`` is open.
///
/// LMDB itself lets several processes share an environment, but a store keeps state in memory (the catalog, each
/// container's next sequence number and counters) that assumes it is the only writer: a second process writing the
/// same directory, say an import while a server runs, would hand out sequence numbers twice. So a store takes an
/// exclusive `flock` on `cosmolite.lock` in its directory and a second opener, in any process, is refused with the
/// holder's process id. The kernel drops the lock when the holder exits, even on `kill -9`.
final class DirectoryLock: Sendable {
    static let fileName = "cosmolite.lock"

    private let descriptor: Int32

    /// Creates the directory if needed and takes the lock.
    /// - Throws: ``StoreError`` `unavailable` when another opener holds it; `internalError` when the lock file cannot
    ///   be created.
    init(directory: String) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.internalError, "cannot create the store directory \(directory): \(error.localizedDescription)")
        }
        let path = directory + "/" + Self.fileName
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError(.internalError, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = Self.recordedHolder(descriptor)
            close(descriptor)
            guard code == EWOULDBLOCK else {
                throw StoreError(.internalError, "cannot lock \(path): \(String(cString: strerror(code)))")
            }
            throw StoreError(
                .unavailable,
                "the store at \(directory) is open in another process\(holder.map { " (pid \($0))" } ?? ""): stop it first, "
                    + "or work through its server (for example `cosmolite import --endpoint ...`)"
            )
        }
        // Record the holder for the message above; the lock, not the text, is what excludes.
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        self.descriptor = descriptor
    }

    deinit {
        flock(self.descriptor, LOCK_UN)
        close(self.descriptor)
    }

    private static func recordedHolder(_ descriptor: Int32) -> Int? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int(String(decoding: bytes[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
