import BenchmarkSupport
import Foundation
import JSON

/// Times the parse of one event by Cosmolite's `JSONReader` and by Foundation's `JSONSerialization`, each parse on
/// its own (about 1 µs per event; the clock adds some 20 ns), over the first 1,000 lines repeated.
///
/// The rounds alternate between the two parsers so that a noisy neighbour slows both alike.
struct JSONParseBenchmark {
    let lines: [[UInt8]]
    let rounds: Int

    struct Result: Sendable {
        var reader: LatencySummary
        var foundation: LatencySummary
    }

    func run(progress: inout ProgressReporter) throws -> Result {
        let data = self.lines.map { Data($0) }
        var readerTimes: [UInt64] = []
        var foundationTimes: [UInt64] = []
        readerTimes.reserveCapacity(self.rounds * self.lines.count)
        foundationTimes.reserveCapacity(self.rounds * self.lines.count)
        var members = 0
        // One unmeasured round each, to fault in code and warm the allocator.
        for index in self.lines.indices {
            members &+= try Self.parseWithReader(self.lines[index]) &+ Self.parseWithFoundation(data[index])
        }
        for round in 0..<self.rounds {
            for line in self.lines {
                let start = MonotonicClock.nanoseconds()
                members &+= try Self.parseWithReader(line)
                readerTimes.append(MonotonicClock.nanoseconds() - start)
            }
            for line in data {
                let start = MonotonicClock.nanoseconds()
                members &+= try Self.parseWithFoundation(line)
                foundationTimes.append(MonotonicClock.nanoseconds() - start)
            }
            progress.update(done: (round + 1) * self.lines.count * 2, total: self.rounds * self.lines.count * 2, unit: "parses")
        }
        precondition(members != 0, "nothing was parsed")
        return Result(reader: LatencySummary(nanoseconds: readerTimes), foundation: LatencySummary(nanoseconds: foundationTimes))
    }

    /// Parses and drops the value inside the call, so that the timing includes freeing it, as a real caller pays.
    @inline(never)
    private static func parseWithReader(_ line: [UInt8]) throws -> Int {
        guard case .object(let object) = try JSONReader.parse(line) else { return 0 }
        return object.count
    }

    @inline(never)
    private static func parseWithFoundation(_ line: Data) throws -> Int {
        guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any] else { return 0 }
        return object.count
    }
}
