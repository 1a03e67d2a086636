import BenchmarkSupport
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Drains a server's stdout and stderr from a pipe on a thread of its own (a full pipe would stall the server), keeps
/// the tail for error messages, and announces the port the server logs once it listens (`--port 0`): the start-up
/// clock stops on that announcement without polling.
final class ServerLog: Sendable {
    /// Kept for error messages; the server logs a few lines at info level, never one per request.
    static let retainedBytes = 256 * 1024

    private struct State {
        var text = ""
        var port: Int?
        var portSeenAt: UInt64?
        var ended = false
        var waiter: CheckedContinuation<Int, any Error>?
    }

    private let state = Mutex(State())

    /// Starts reading `descriptor` (the read end of the server's output pipe) until end of file, then closes it.
    init(reading descriptor: Int32) {
        let thread = Thread { [self] in
            self.drain(descriptor)
        }
        thread.name = "server-log"
        thread.start()
    }

    /// The last lines the server wrote.
    var tail: String {
        self.state.withLock { $0.text }
    }

    /// When the port line arrived (``MonotonicClock`` nanoseconds), once it has.
    var portAnnouncedAt: UInt64? {
        self.state.withLock { $0.portSeenAt }
    }

    /// Waits until the server logs `endpoint=http(s)://127.0.0.1:<port>/`; fails when its output ends first or after
    /// `timeoutSeconds`.
    func waitForPort(timeoutSeconds: Double) async throws -> Int {
        let timer = Task {
            try await Task.sleep(for: .seconds(timeoutSeconds))
            self.resolveWaiter(.failure(BenchmarkError("the server did not report its port within \(timeoutSeconds) s")))
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let immediate: Result<Int, any Error>? = self.state.withLock { state in
                if let port = state.port { return .success(port) }
                if state.ended { return .failure(BenchmarkError("the server exited before it reported its port")) }
                state.waiter = continuation
                return nil
            }
            if let immediate { continuation.resume(with: immediate) }
        }
    }

    private func resolveWaiter(_ result: Result<Int, any Error>) {
        let waiter = self.state.withLock { state -> CheckedContinuation<Int, any Error>? in
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    private func drain(_ descriptor: Int32) {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var pending = ""
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            pending += String(decoding: buffer[0..<count], as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                self.append(line: String(pending[..<newline]))
                pending = String(pending[pending.index(after: newline)...])
            }
        }
        if !pending.isEmpty { self.append(line: pending) }
        close(descriptor)
        self.state.withLock { $0.ended = true }
        self.resolveWaiter(.failure(BenchmarkError("the server exited before it reported its port")))
    }

    private func append(line: String) {
        let port = self.state.withLock { state -> Int? in
            state.text += line + "\n"
            if state.text.utf8.count > Self.retainedBytes {
                state.text = String(state.text.suffix(Self.retainedBytes / 2))
            }
            guard state.port == nil, let port = Self.port(in: line) else { return nil }
            state.port = port
            state.portSeenAt = MonotonicClock.nanoseconds()
            return port
        }
        if let port { self.resolveWaiter(.success(port)) }
    }

    /// The port of `endpoint=http://127.0.0.1:8081/` (or https) in a log line.
    static func port(in line: String) -> Int? {
        for prefix in ["endpoint=http://127.0.0.1:", "endpoint=https://127.0.0.1:"] {
            guard let range = line.range(of: prefix) else { continue }
            let digits = line[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
            return Int(digits)
        }
        return nil
    }
}
