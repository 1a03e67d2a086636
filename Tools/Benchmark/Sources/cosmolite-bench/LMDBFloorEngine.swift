import BenchmarkSupport
import LMDB

/// The floor: what LMDB itself costs for this workload, with no JSON parsing at all (performance.md's "LMDB from C,
/// bodies keyed by insertion order").
///
/// Bodies live under an 8-byte big-endian insertion sequence (appended, so pages fill densely); a small
/// (deviceId, eventId) -> sequence index makes writes idempotent and serves point reads. The two strings are found by
/// a byte search for `"eventId":"` and `"deviceId":"`, which is all a store that does not parse could do.
final class LMDBFloorEngine: BenchmarkEngine {
    let kind = EngineKind.floor
    private let environment: Environment
    private let bodies: Keyspace
    private let identities: Keyspace
    private var lastSequence: UInt64 = 0

    private static let eventIdMarker = Array(#""eventId":""#.utf8)
    private static let deviceIdMarker = Array(#""deviceId":""#.utf8)

    init(directory: String, durability: Durability) throws {
        self.environment = try Environment(
            path: directory,
            configuration: Environment.Configuration(keyspaces: ["bodies", "identities"], flushesOnCommit: durability == .durable)
        )
        self.bodies = self.environment.keyspace("bodies")
        self.identities = self.environment.keyspace("identities")
    }

    func ingest(_ workload: EventWorkload, lines: Range<Int>, batchSize: Int, progress: inout ProgressReporter) throws -> IngestResult {
        var result = IngestResult(lines: lines.count, seconds: 0, created: 0, replaced: 0, duplicates: 0, rejected: 0)
        var identityKey: [UInt8] = []
        identityKey.reserveCapacity(128)
        let start = MonotonicClock.nanoseconds()
        for batchStart in stride(from: lines.lowerBound, to: lines.upperBound, by: batchSize) {
            let batch = batchStart..<min(batchStart + batchSize, lines.upperBound)
            // The body may run again after the map grows: it starts from the committed sequence and counts afresh.
            let (sequence, tally) = try self.environment.write { transaction in
                var sequence = self.lastSequence
                var tally = IngestResult(lines: 0, seconds: 0, created: 0, replaced: 0, duplicates: 0, rejected: 0)
                for index in batch {
                    try self.store(workload.lines[index], sequence: &sequence, tally: &tally, key: &identityKey, in: transaction)
                }
                return (sequence, tally)
            }
            self.lastSequence = sequence
            result.created += tally.created
            result.replaced += tally.replaced
            result.duplicates += tally.duplicates
            result.rejected += tally.rejected
            progress.update(done: batch.upperBound - lines.lowerBound, total: lines.count)
        }
        result.seconds = MonotonicClock.seconds(since: start)
        return result
    }

    /// Writes one line: a new body under the next sequence, or nothing when the same bytes are stored already.
    private func store(
        _ line: [UInt8],
        sequence: inout UInt64,
        tally: inout IngestResult,
        key identityKey: inout [UInt8],
        in transaction: borrowing WriteTransaction
    ) throws {
        try line.withUnsafeBytes { body in
            guard let eventId = Self.stringValue(after: Self.eventIdMarker, in: body),
                  let deviceId = Self.stringValue(after: Self.deviceIdMarker, in: body)
            else {
                tally.rejected += 1
                return
            }
            identityKey.removeAll(keepingCapacity: true)
            identityKey.append(contentsOf: body[deviceId])
            identityKey.append(0)
            identityKey.append(contentsOf: body[eventId])
            try identityKey.withUnsafeBytes { identity in
                if let existing = try transaction.withValue(forKey: identity, in: self.identities, { Array($0) }) {
                    let unchanged = try existing.withUnsafeBytes { sequenceKey in
                        try transaction.withValue(forKey: sequenceKey, in: self.bodies) { $0.elementsEqual(body) } ?? false
                    }
                    if unchanged {
                        tally.duplicates += 1
                    } else {
                        try existing.withUnsafeBytes { try transaction.put(body, forKey: $0, in: self.bodies) }
                        tally.replaced += 1
                    }
                } else {
                    sequence += 1
                    var bigEndian = sequence.bigEndian
                    try withUnsafeBytes(of: &bigEndian) { sequenceKey in
                        try transaction.put(body, forKey: sequenceKey, in: self.bodies, options: .append)
                        try transaction.put(sequenceKey, forKey: identity, in: self.identities)
                    }
                    tally.created += 1
                }
            }
        }
    }

    /// The bytes of the JSON string that follows `marker`, found by a plain byte search (no parsing, no escapes).
    static func stringValue(after marker: [UInt8], in line: UnsafeRawBufferPointer) -> Range<Int>? {
        guard let first = marker.first, line.count > marker.count else { return nil }
        var position = 0
        let lastStart = line.count - marker.count
        while position <= lastStart {
            if line[position] == first {
                var matched = 1
                while matched < marker.count && line[position + matched] == marker[matched] { matched += 1 }
                if matched == marker.count {
                    let start = position + marker.count
                    var end = start
                    while end < line.count && line[end] != UInt8(ascii: "\"") { end += 1 }
                    return end < line.count ? start..<end : nil
                }
            }
            position += 1
        }
        return nil
    }

    /// The floor answers what a bare key-value store answers: get by key (both point-read rows), and a count from B-tree
    /// statistics.
    func supports(_ kind: QueryKind) -> Bool {
        kind == .pointRead || kind == .pointReadSQL || kind == .count
    }

    func measure(_ kind: QueryKind, arguments: [QueryArguments]) throws -> [QueryRun] {
        switch kind {
        case .pointRead, .pointReadSQL:
            return try self.timeEach(arguments) { argument in
                var key = Array(argument.deviceId.utf8)
                key.append(0)
                key.append(contentsOf: argument.eventId.utf8)
                return try self.environment.read { transaction in
                    guard let sequenceKey = try transaction.value(forKey: key, in: self.identities),
                          let body = try transaction.value(forKey: sequenceKey, in: self.bodies)
                    else { return 0 }
                    return body.isEmpty ? 0 : 1
                }
            }
        case .count:
            return try self.timeEach(arguments) { _ in
                try self.environment.read { transaction in try transaction.statistics(of: self.bodies).entries }
            }
        default:
            preconditionFailure("the LMDB floor has no form of \(kind)")
        }
    }

    func close() throws {}
}
