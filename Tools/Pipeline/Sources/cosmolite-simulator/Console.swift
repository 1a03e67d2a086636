#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to standard error without Foundation's buffering (progress lines must appear at once).
enum Console {
    /// Whether standard error is a terminal (progress then rewrites one line).
    static let standardErrorIsTerminal = isatty(STDERR_FILENO) != 0

    static func error(_ text: String, newline: Bool = true) {
        var bytes = Array(text.utf8)
        if newline { bytes.append(0x0A) }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
