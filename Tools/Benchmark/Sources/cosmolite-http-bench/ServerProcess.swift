import BenchmarkSupport
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `cosmolite serve` child process, spawned directly (posix_spawn, so that the start-up clock measures the
/// server rather than a process library), registered for clean-up from the moment it exists.
final class ServerProcess: Sendable {
    let pid: pid_t
    /// ``MonotonicClock`` nanoseconds just before the spawn.
    let spawnedAt: UInt64
    let log: ServerLog

    private init(pid: pid_t, spawnedAt: UInt64, log: ServerLog) {
        self.pid = pid
        self.spawnedAt = spawnedAt
        self.log = log
    }

    /// Spawns `binary` with `arguments`; stdin is /dev/null, stdout and stderr go to the ``ServerLog``.
    static func launch(binary: String, arguments: [String]) throws -> ServerProcess {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            throw BenchmarkError("pipe failed: errno \(errno)")
        }
        // Neither end may leak into other children (the child gets the write end as stdout and stderr below).
        _ = fcntl(pipeEnds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipeEnds[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2)
        // The benchmark ignores SIGINT, SIGTERM and SIGHUP (it handles them on a queue); the server must not inherit that.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawnedAt = MonotonicClock.nanoseconds()
        let result = posix_spawn(&pid, binary, &actions, &attributes, argv, environ)
        close(pipeEnds[1])
        guard result == 0 else {
            close(pipeEnds[0])
            throw BenchmarkError("cannot start \(binary): \(String(cString: strerror(result)))")
        }
        CleanupRegistry.shared.register(process: pid)
        return ServerProcess(pid: pid, spawnedAt: spawnedAt, log: ServerLog(reading: pipeEnds[0]))
    }

    /// SIGTERM (a graceful stop: the server commits queued writes and closes the store), then waits; SIGKILL after
    /// `timeoutSeconds`. Answers the exit status (`nil` when it had to be killed) and how long the stop took.
    @discardableResult
    func stop(timeoutSeconds: Double = 15) -> (exitStatus: Int32?, seconds: Double) {
        let start = MonotonicClock.nanoseconds()
        kill(self.pid, SIGTERM)
        let status = self.waitForExit(timeoutSeconds: timeoutSeconds)
        if status == nil { self.killNow() }
        return (status, MonotonicClock.seconds(since: start))
    }

    /// Waits up to `timeoutSeconds` for the process to exit on its own; its exit status, or `nil` if it still runs.
    func waitForExit(timeoutSeconds: Double) -> Int32? {
        let start = MonotonicClock.nanoseconds()
        repeat {
            if let status = self.reap(blocking: false) { return status }
            usleep(1_000)
        } while MonotonicClock.seconds(since: start) < timeoutSeconds
        return nil
    }

    /// SIGKILL and reap.
    func killNow() {
        kill(self.pid, SIGKILL)
        _ = self.reap(blocking: true)
    }

    /// The exit status once the process has ended and been reaped; `nil` while it runs.
    private func reap(blocking: Bool) -> Int32? {
        var status: Int32 = 0
        let result = waitpid(self.pid, &status, blocking ? 0 : WNOHANG)
        guard result == self.pid || (result < 0 && errno == ECHILD) else { return nil }
        CleanupRegistry.shared.unregister(process: self.pid)
        // WIFEXITED / WEXITSTATUS, spelled out (the C macros are not imported).
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// Whether the process has exited (it is reaped if so).
    var hasExited: Bool {
        self.reap(blocking: false) != nil
    }
}
