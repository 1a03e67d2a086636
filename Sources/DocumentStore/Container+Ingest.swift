import Dispatch
import JSON
import LMDB

/// Bulk ingestion: many documents, one commit, one outcome per document.
extension Container {
    /// Upserts every document (each a JSON object) in one commit. Invalid documents are rejected with a reason and
    /// do not stop the others; re-delivered documents are reported as duplicates and change nothing.
    public func ingest(_ documents: [[UInt8]], positions: [Int]? = nil) throws -> IngestReport {
        let prepared = self.prepareAll(documents, positions: positions)
        let number = self.properties.number
        return try self.store.perform(isolated: false) { transaction, session in
            try Self.write(prepared, documents: documents, container: try session.currentContainer(number), session: &session, transaction: transaction)
        }
    }

    public func ingest(_ documents: [[UInt8]], positions: [Int]? = nil) async throws -> IngestReport {
        let prepared = self.prepareAll(documents, positions: positions)
        let number = self.properties.number
        return try await self.store.perform(isolated: false) { transaction, session in
            try Self.write(prepared, documents: documents, container: try session.currentContainer(number), session: &session, transaction: transaction)
        }
    }

    /// Ingests newline-delimited JSON: one object per line; blank lines are skipped; positions are line numbers.
    public func ingest(ndjson: [UInt8]) throws -> IngestReport {
        let (documents, lines) = Self.splitLines(ndjson)
        return try self.ingest(documents, positions: lines)
    }

    public func ingest(ndjson: [UInt8]) async throws -> IngestReport {
        let (documents, lines) = Self.splitLines(ndjson)
        return try await self.ingest(documents, positions: lines)
    }

    /// Ingests a JSON array of objects; positions are array indexes.
    public func ingest(jsonArray: [UInt8]) throws -> IngestReport {
        try self.ingest(try Self.documents(inJSONArray: jsonArray))
    }

    public func ingest(jsonArray: [UInt8]) async throws -> IngestReport {
        try await self.ingest(try Self.documents(inJSONArray: jsonArray))
    }

    // MARK: Steps

    /// One input document after preparation.
    struct PreparedItem: Sendable {
        let position: Int
        let result: Result<PreparedDocument, StoreError>
    }

    /// Prepares every document, on all cores when there are many.
    func prepareAll(_ documents: [[UInt8]], positions: [Int]?) -> [PreparedItem] {
        let properties = self.properties
        let prepareOne = { (index: Int) -> PreparedItem in
            let position = positions?[index] ?? index
            let result = Result { () throws(StoreError) in try DocumentPreparer.prepare(documents[index], for: properties) }
            return PreparedItem(position: position, result: result)
        }
        guard documents.count >= 64 else {
            return documents.indices.map(prepareOne)
        }
        return ParallelMap.map(count: documents.count, prepareOne)
    }

    static func write(
        _ items: [PreparedItem],
        documents: [[UInt8]],
        container: ContainerProperties,
        session: inout WriteSession,
        transaction: borrowing WriteTransaction
    ) throws -> IngestReport {
        var report: [IngestReport.Item] = []
        report.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            switch item.result {
            case .failure(let error):
                report.append(IngestReport.Item(position: item.position, id: nil, outcome: .rejected(reason: error.message)))
            case .success(let prepared):
                do {
                    let document = try Self.current(prepared, json: documents[index], partitionKey: nil, for: container)
                    let result = try session.write(document, mode: .upsert, container: container, in: transaction)
                    let outcome: IngestReport.Outcome = switch result.outcome {
                    case .created: .created
                    case .replaced: .replaced
                    case .unchanged: .duplicate
                    }
                    report.append(IngestReport.Item(position: item.position, id: prepared.id, outcome: outcome))
                } catch let error as StoreError where !GroupCommitWriter.isStorageFailure(error) {
                    // Thrown before this document wrote anything: reject it and go on with the others.
                    report.append(IngestReport.Item(position: item.position, id: prepared.id, outcome: .rejected(reason: error.message)))
                }
            }
        }
        return IngestReport(items: report)
    }

    /// NDJSON lines with their 1-based line numbers, without blank lines.
    static func splitLines(_ bytes: [UInt8]) -> ([[UInt8]], [Int]) {
        var documents: [[UInt8]] = []
        var lines: [Int] = []
        var start = 0
        var line = 1
        func flush(_ end: Int) {
            var stop = end
            if stop > start && bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
            let slice = bytes[start..<stop]
            if slice.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                documents.append(Array(slice))
                lines.append(line)
            }
        }
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            flush(index)
            start = index + 1
            line += 1
        }
        if start < bytes.count { flush(bytes.count) }
        return (documents, lines)
    }

    /// The elements of a JSON array, each as its own text (validated as a whole first).
    public static func documents(inJSONArray bytes: [UInt8]) throws(StoreError) -> [[UInt8]] {
        let parsed: JSONValue
        do {
            parsed = try JSONReader.parse(bytes)
        } catch {
            throw StoreError(.badRequest, "the input is not valid JSON: \(error)")
        }
        guard case .array = parsed else {
            throw StoreError(.badRequest, "expected a JSON array of documents")
        }
        var elements: [[UInt8]] = []
        bytes.withUnsafeBytes { raw in
            JSONScanner.forEachElement(in: raw, arrayAt: 0) { range in
                elements.append(Array(raw[range]))
                return true
            }
        }
        return elements
    }
}
