import BenchmarkSupport
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything the benchmark must not leave behind (server processes, temporary directories), so that Ctrl-C, a kill
/// or an error in any phase still stops every server it started and removes every directory it made.
final class CleanupRegistry: Sendable {
    static let shared = CleanupRegistry()

    private struct State {
        var processes: Set<pid_t> = []
        var directories: [String: TemporaryDirectory] = [:]
        var cleanedUp = false
    }

    private let state = Mutex(State())
    /// Keeps the signal sources alive (a released source stops delivering). nonisolated(unsafe): written only by
    /// `installSignalHandlers`, which runs once at start-up before any other task uses the registry.
    private nonisolated(unsafe) var signalSources: [any DispatchSourceSignal] = []

    /// Ignores SIGINT, SIGTERM and SIGHUP as signals and handles them on a queue instead: kill the servers, remove
    /// the directories, exit with 128 + the signal. Call once, first thing.
    func installSignalHandlers() {
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                ProgressReporter.log("\ncosmolite-http-bench: signal \(number), stopping the servers and removing temporary files")
                self.cleanUpEverything()
                exit(128 + number)
            }
            source.resume()
            self.signalSources.append(source)
        }
    }

    func register(process pid: pid_t) {
        self.state.withLock { _ = $0.processes.insert(pid) }
    }

    /// Forgets a process that has been reaped (so that a later clean-up never signals a recycled pid).
    func unregister(process pid: pid_t) {
        self.state.withLock { _ = $0.processes.remove(pid) }
    }

    func register(_ directory: TemporaryDirectory) {
        self.state.withLock { $0.directories[directory.path] = directory }
    }

    /// Removes the directory now and forgets it.
    func remove(_ directory: TemporaryDirectory) {
        directory.remove()
        self.state.withLock { _ = $0.directories.removeValue(forKey: directory.path) }
    }

    /// SIGKILLs and reaps every registered process, then removes every registered directory; runs once.
    func cleanUpEverything() {
        let (processes, directories) = self.state.withLock { state -> (Set<pid_t>, [TemporaryDirectory]) in
            guard !state.cleanedUp else { return ([], []) }
            state.cleanedUp = true
            defer {
                state.processes = []
                state.directories = [:]
            }
            return (state.processes, Array(state.directories.values))
        }
        for pid in processes {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
        for directory in directories {
            directory.remove()
        }
    }
}
