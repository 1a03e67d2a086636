import AvroCapture
import DocumentStore
import Foundation
import JSON

/// Streams documents from files into a sink in batches, counting outcomes, writing rejects and showing progress.
struct Importer {
    let sink: any ImportSink
    let rejects: RejectWriter
    let batchSize: Int
    let target: String
    private var progress: ProgressReporter
    private var counts = ImportCounts()
    private var fileErrors: [JSONValue] = []
    private let started = Date()

    init(sink: any ImportSink, rejects: RejectWriter, batchSize: Int, target: String) {
        self.sink = sink
        self.rejects = rejects
        self.batchSize = batchSize
        self.target = target
        self.progress = ProgressReporter(totalBytes: nil)
    }

    /// Imports one NDJSON (or JSON array) file.
    mutating func importDocuments(from path: String) async throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationErrorMessage("cannot read \(path)")
        }
        self.progress = ProgressReporter(totalBytes: data.count)
        let bytes = [UInt8](data)
        let firstNonSpace = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if path.hasSuffix(".json") && firstNonSpace == UInt8(ascii: "[") {
            let elements: [[UInt8]]
            do {
                elements = try Container.documents(inJSONArray: bytes)
            } catch {
                self.fileErrors.append(["file": .string(path), "reason": .string("\(error)")])
                self.rejects.reject(file: path, position: "file", reason: "\(error)", text: nil)
                return
            }
            for start in stride(from: 0, to: elements.count, by: self.batchSize) {
                let batch = Array(elements[start..<min(elements.count, start + self.batchSize)])
                try await self.write(batch, positions: (start..<(start + batch.count)).map { "element \($0)" }, file: path,
                                     bytes: batch.reduce(0) { $0 + $1.count })
            }
        } else {
            var batch: [[UInt8]] = []
            var positions: [String] = []
            var batchBytes = 0
            var lineNumber = 0
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "\n") {
                lineNumber += 1
                var end = index
                if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = Array(bytes[start..<end])
                start = index + 1
                guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
                batch.append(line)
                positions.append("line \(lineNumber)")
                batchBytes += line.count + 1
                if batch.count == self.batchSize {
                    try await self.write(batch, positions: positions, file: path, bytes: batchBytes)
                    batch.removeAll(keepingCapacity: true)
                    positions.removeAll(keepingCapacity: true)
                    batchBytes = 0
                }
            }
            if !batch.isEmpty {
                try await self.write(batch, positions: positions, file: path, bytes: batchBytes)
            }
        }
        self.progress.update(documents: self.counts.documents, bytes: self.counts.bytes, force: true)
        self.progress.finish()
    }

    /// Imports Event Hubs Capture files in capture order; a bad file, schema or body is reported and skipped.
    mutating func importCapture(_ files: [String]) async throws {
        let total = files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
        self.progress = ProgressReporter(totalBytes: total)
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                self.fileFailed(file, "cannot read the file")
                continue
            }
            let container: AvroContainerFile
            do {
                container = try AvroContainerFile(bytes: [UInt8](data))
                try CaptureEvent.validate(container.schema)
            } catch {
                self.fileFailed(file, "\(error)")
                self.counts.bytes += data.count
                continue
            }
            var batch: [[UInt8]] = []
            var positions: [String] = []
            var problems: [(String, String)] = []
            container.forEachRecord({ record in
                do {
                    let event = try CaptureEvent(record.value)
                    guard let body = event.body else {
                        problems.append(("\(record.position)", "the event has no body"))
                        return
                    }
                    batch.append(body)
                    positions.append("\(record.position) (sequence number \(event.sequenceNumber))")
                } catch {
                    problems.append(("\(record.position)", "\(error)"))
                }
            }, failure: { failure in
                problems.append(("\(failure.position)", "\(failure.error)"))
            })
            for (position, reason) in problems {
                self.rejects.reject(file: file, position: position, reason: reason, text: nil)
                self.counts.rejected += 1
                self.fileErrors.append(["file": .string(file), "position": .string(position), "reason": .string(reason)])
            }
            for start in stride(from: 0, to: batch.count, by: self.batchSize) {
                let end = min(batch.count, start + self.batchSize)
                try await self.write(Array(batch[start..<end]), positions: Array(positions[start..<end]), file: file, bytes: 0)
            }
            self.counts.bytes += data.count
            self.counts.files += 1
            self.progress.update(documents: self.counts.documents, bytes: self.counts.bytes)
        }
        self.progress.update(documents: self.counts.documents, bytes: self.counts.bytes, force: true)
        self.progress.finish()
    }

    private mutating func fileFailed(_ file: String, _ reason: String) {
        self.counts.failedFiles += 1
        self.fileErrors.append(["file": .string(file), "reason": .string(reason)])
        self.rejects.reject(file: file, position: "file", reason: reason, text: nil)
        FileHandle.standardError.write(Data("\(file): \(reason)\n".utf8))
    }

    private mutating func write(_ documents: [[UInt8]], positions: [String], file: String, bytes: Int) async throws {
        let outcomes = try await self.sink.write(documents)
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case .created: self.counts.created += 1
            case .replaced: self.counts.replaced += 1
            case .duplicate: self.counts.duplicates += 1
            case .rejected(let reason):
                self.counts.rejected += 1
                self.rejects.reject(file: file, position: positions[index], reason: reason, text: documents[index])
            }
        }
        self.counts.documents += documents.count
        self.counts.bytes += bytes
        self.progress.update(documents: self.counts.documents, bytes: self.counts.bytes)
    }

    /// The final report.
    func finish() -> ImportReport {
        ImportReport(target: self.target, counts: self.counts, seconds: Date().timeIntervalSince(self.started),
                     rejectFile: self.rejects.count > 0 ? self.rejects.path : nil, errors: self.fileErrors)
    }
}

struct ImportCounts {
    var documents = 0
    var bytes = 0
    var created = 0
    var replaced = 0
    var duplicates = 0
    var rejected = 0
    var files = 0
    var failedFiles = 0
}

/// What an import did, for people (``summary``) and programs (``json``, see Schemas/import-report.schema.json).
struct ImportReport {
    let target: String
    let counts: ImportCounts
    let seconds: Double
    let rejectFile: String?
    let errors: [JSONValue]

    var failedFiles: Int { self.counts.failedFiles }

    var summary: String {
        var text = "imported into \(self.target) in \(String(format: "%.1f", self.seconds)) s: \(self.counts.created) created, "
            + "\(self.counts.replaced) replaced, \(self.counts.duplicates) duplicates, \(self.counts.rejected) rejected"
        if self.counts.files > 0 || self.counts.failedFiles > 0 {
            text += "; \(self.counts.files) capture files read, \(self.counts.failedFiles) unreadable"
        }
        if let rejectFile { text += "; rejects in \(rejectFile)" }
        return text
    }

    var json: JSONValue {
        [
            "target": .string(self.target),
            "documents": .integer(Int64(self.counts.documents)),
            "created": .integer(Int64(self.counts.created)),
            "replaced": .integer(Int64(self.counts.replaced)),
            "duplicates": .integer(Int64(self.counts.duplicates)),
            "rejected": .integer(Int64(self.counts.rejected)),
            "files": .integer(Int64(self.counts.files)),
            "failedFiles": .integer(Int64(self.counts.failedFiles)),
            "bytes": .integer(Int64(self.counts.bytes)),
            "seconds": .double((self.seconds * 1000).rounded() / 1000),
            "rejectFile": self.rejectFile.map(JSONValue.string) ?? .null,
            "errors": .array(self.errors),
        ]
    }
}

/// A message-only error for the command line.
struct ValidationErrorMessage: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
