#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends lines to a file (or standard output) through a 256 KiB buffer.
final class NDJSONWriter: @unchecked Sendable {
    // @unchecked: only the producer loop writes, from one task at a time; close() runs after it has finished.
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let path: String
    private var buffer: [UInt8] = []
    private var failure: Int32?

    struct OpenError: Error, CustomStringConvertible {
        let path: String
        let code: Int32
        var writing = false
        var description: String {
            "cannot \(self.writing ? "write to" : "open") \(self.path)\(self.writing ? "" : " for writing"): \(String(cString: strerror(self.code)))"
        }
    }

    init(path: String) throws {
        self.path = path
        if path == "-" {
            self.descriptor = STDOUT_FILENO
            self.ownsDescriptor = false
        } else {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard descriptor >= 0 else { throw OpenError(path: path, code: errno) }
            self.descriptor = descriptor
            self.ownsDescriptor = true
        }
        self.buffer.reserveCapacity(1 << 18)
    }

    func write(_ line: [UInt8]) {
        self.buffer.append(contentsOf: line)
        self.buffer.append(0x0A)
        if self.buffer.count >= 1 << 18 { self.flush() }
    }

    func flush() {
        self.buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = writeBytes(self.descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 {
                    self.failure = self.failure ?? errno
                    return
                }
                offset += written
            }
        }
        self.buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        self.flush()
        if self.ownsDescriptor { _ = closeDescriptor(self.descriptor) }
        if let failure { throw OpenError(path: self.path, code: failure, writing: true) }
    }
}

private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

private func closeDescriptor(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}
