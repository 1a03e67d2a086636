import BenchmarkSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The disk's floor under durable writes: a 4 KiB write and `fdatasync`, timed in the file system the server's data
/// lives on, in the same run. A durable LMDB commit syncs twice (pages, then the meta page), so this bounds what
/// group commit can reach: at most one commit per two syncs, each carrying at most one write per waiting client.
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

    /// `fdatasync (4 KiB) median 4.0 ms, p99 8.0 ms: a durable commit (two syncs) bounds 32 clients to 4,000/s`.
    static func text(_ floor: LatencySummary, clients: Int) -> String {
        let bound = Double(clients) / (2 * floor.medianNanoseconds / 1e9)
        return "fdatasync of 4 KiB in the data directory's file system, same run: median "
            + "\(Format.duration(nanoseconds: floor.medianNanoseconds, in: .milliseconds)) ms, p99 "
            + "\(Format.duration(nanoseconds: floor.p99Nanoseconds, in: .milliseconds)) ms; a durable commit syncs twice, so "
            + "\(clients) clients (one write each per commit) can reach at most \(Format.rate(bound)) upserts/s"
    }
}
