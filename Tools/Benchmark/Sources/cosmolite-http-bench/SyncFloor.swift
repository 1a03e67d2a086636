import BenchmarkSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The disk's floor under durable writes: a 4 KiB write and `fdatasync`, timed in the file system the server's data
/// lives on, in the same run. Every durable commit waits for the disk at least this long, so with one write in flight
/// per client, group commit bounds the rate near clients / commit time.
enum SyncFloor {
    /// Times `count` write + `fdatasync` pairs on a scratch file in `directory` (removed afterwards).
    static func measure(directory: String, count: Int = 200) throws -> LatencySummary {
        let path = directory + "/sync-floor"
        let descriptor = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw BenchmarkError("cannot create \(path): errno \(errno)") }
        defer {
            close(descriptor)
            unlink(path)
        }
        let page = [UInt8](repeating: 0x5A, count: 4_096)
        var latencies: [UInt64] = []
        latencies.reserveCapacity(count)
        for index in 0..<count {
            // Rewrites the same 64 pages over and over, as a commit rewrites the tree's top pages and the meta page.
            let written = page.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(index % 64) * 4_096) }
            guard written == page.count else { throw BenchmarkError("write to \(path) failed: errno \(errno)") }
            let start = MonotonicClock.nanoseconds()
            guard fdatasync(descriptor) == 0 else { throw BenchmarkError("fdatasync on \(path) failed: errno \(errno)") }
            latencies.append(MonotonicClock.nanoseconds() - start)
        }
        return LatencySummary(nanoseconds: latencies)
    }

    /// `disk: fdatasync of 4 KiB ... median 3.98 ms, p99 7.64 ms`.
    static func text(_ floor: LatencySummary) -> String {
        "disk: fdatasync of 4 KiB in the data directory's file system, same run: median "
            + "\(Format.duration(nanoseconds: floor.medianNanoseconds, in: .milliseconds)) ms, p99 "
            + "\(Format.duration(nanoseconds: floor.p99Nanoseconds, in: .milliseconds)) ms"
    }
}
