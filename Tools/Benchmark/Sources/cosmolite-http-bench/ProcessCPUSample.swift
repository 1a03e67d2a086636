import BenchmarkSupport
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a process has used of the CPU so far, from `/proc` (Linux): user and system time in clock ticks (what the
/// idle target is stated in), and per thread the nanoseconds on a CPU and the context switches (each wake-up of an
/// idle thread is one), which name the threads that do not sleep.
struct ProcessCPUSample: Sendable {
    /// One thread's counters.
    struct ThreadSample: Sendable {
        let name: String
        let runNanoseconds: UInt64
        let contextSwitches: Int
    }

    let userTicks: Int
    let systemTicks: Int
    let threads: [Int: ThreadSample]
    /// Whether the kernel reports per-thread run time (`schedstat`, nanoseconds); without it only ticks are known.
    let hasSchedstat: Bool

    static var ticksPerSecond: Int {
        sysconf(Int32(_SC_CLK_TCK))
    }

    /// Reads the counters of `pid` now.
    init(pid: pid_t) throws {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else {
            throw BenchmarkError("cannot read /proc/\(pid)/stat (Linux only)")
        }
        // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: stat.lastIndex(of: ")") ?? stat.startIndex)...].split(separator: " ")
        guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else {
            throw BenchmarkError("cannot read /proc/\(pid)/stat (Linux only)")
        }
        self.userTicks = user
        self.systemTicks = system
        var threads: [Int: ThreadSample] = [:]
        var hasSchedstat = false
        let taskDirectory = "/proc/\(pid)/task"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: taskDirectory)) ?? [] {
            guard let tid = Int(entry) else { continue }
            let base = taskDirectory + "/" + entry
            let name = (try? String(contentsOfFile: base + "/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            let schedstat = (try? String(contentsOfFile: base + "/schedstat", encoding: .utf8)) ?? ""
            hasSchedstat = hasSchedstat || !schedstat.isEmpty
            let runNanoseconds = schedstat.split(separator: " ").first.flatMap { UInt64($0) } ?? 0
            var switches = 0
            for line in ((try? String(contentsOfFile: base + "/status", encoding: .utf8)) ?? "").split(separator: "\n")
            where line.hasPrefix("voluntary_ctxt_switches") || line.hasPrefix("nonvoluntary_ctxt_switches") {
                switches += line.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
            }
            threads[tid] = ThreadSample(name: name, runNanoseconds: runNanoseconds, contextSwitches: switches)
        }
        self.threads = threads
        self.hasSchedstat = hasSchedstat
    }

    /// User plus system CPU milliseconds from `earlier` to this sample.
    func cpuMilliseconds(since earlier: ProcessCPUSample) -> Double {
        Double(self.userTicks + self.systemTicks - earlier.userTicks - earlier.systemTicks) * 1_000 / Double(Self.ticksPerSecond)
    }

    /// Nanoseconds on a CPU and context switches, summed over the threads, since `earlier`, and the threads that
    /// ran (name and wake-ups), busiest first.
    func activity(since earlier: ProcessCPUSample) -> (runNanoseconds: UInt64, switches: Int, threads: [(name: String, switches: Int)]) {
        var run: UInt64 = 0
        var switches = 0
        var active: [(name: String, switches: Int)] = []
        for (tid, now) in self.threads {
            let before = earlier.threads[tid]
            let ran = now.runNanoseconds - min(now.runNanoseconds, before?.runNanoseconds ?? 0)
            let woke = now.contextSwitches - (before?.contextSwitches ?? 0)
            run += ran
            switches += woke
            if woke > 0 || ran > 0 { active.append((now.name, woke)) }
        }
        return (run, switches, active.sorted { $0.switches > $1.switches })
    }
}
