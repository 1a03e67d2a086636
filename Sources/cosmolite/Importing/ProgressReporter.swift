import Foundation

/// Shows how an import is going: on a terminal, one line redrawn in place (documents/s, bytes, ETA); otherwise a
/// plain line every five seconds, so that logs stay readable. Each line names its phase (the first reading of the
/// inputs, then the import itself).
struct ProgressReporter {
    private let totalBytes: Int?
    private let phase: String
    private let started = Date()
    private var lastReport = Date.distantPast
    /// What the last line showed, so that the final forced line does not repeat it.
    private var lastReported: (documents: Int, bytes: Int)?
    private let interactive = isatty(STDERR_FILENO) == 1

    init(totalBytes: Int?, phase: String) {
        self.totalBytes = totalBytes
        self.phase = phase
    }

    mutating func update(documents: Int, bytes: Int, force: Bool = false) {
        let now = Date()
        let interval = self.interactive ? 0.2 : 5
        guard force || now.timeIntervalSince(self.lastReport) >= interval else { return }
        if let last = self.lastReported, last == (documents, bytes) { return }
        self.lastReport = now
        self.lastReported = (documents, bytes)
        let elapsed = max(now.timeIntervalSince(self.started), 0.001)
        let rate = Double(documents) / elapsed
        var line = "\(self.phase): \(documents) documents, \(Self.megabytes(bytes))"
        if let total = self.totalBytes, total > 0 {
            let fraction = min(1, Double(bytes) / Double(total))
            let filled = Int(fraction * 30)
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled)
            let remaining = fraction > 0 ? elapsed / fraction - elapsed : 0
            line = "[\(bar)] \(Int(fraction * 100))%  " + line + " of \(Self.megabytes(total))  ETA \(Int(remaining))s"
        }
        line += String(format: "  %.0f docs/s", rate)
        if self.interactive {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    func finish() {
        if self.interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}
