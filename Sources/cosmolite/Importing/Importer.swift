import DocumentStore
import Foundation
import JSON

/// Imports files into a sink in batches, counting outcomes, writing rejects and showing progress.
///
/// Every input is read twice: first to find the last version of each document (``LatestVersions``), then to write
/// only those versions, in input order. Running an import again therefore changes nothing at all. Files are streamed
/// (see ``InputFile``): memory holds one batch of documents and a 32-byte digest pair per distinct document.
struct Importer {
    let sink: any ImportSink
    let rejects: RejectWriter
    let batchSize: Int
    let target: String
    private var progress = ProgressReporter(totalBytes: nil, phase: "importing")
    private var counts = ImportCounts()
    private var fileErrors: [JSONValue] = []
    private let started = Date()

    init(sink: any ImportSink, rejects: RejectWriter, batchSize: Int, target: String) {
        self.sink = sink
        self.rejects = rejects
        self.batchSize = batchSize
        self.target = target
    }

    /// Imports NDJSON or JSON array files, or (`capture`) Event Hubs Capture files already in capture order; a file
    /// that cannot be read, a damaged record and a bad document are reported and the rest goes on.
    /// - Throws: when an NDJSON or JSON file cannot be read, a file changes during the import, or the sink fails.
    mutating func importFiles(_ paths: [String], capture: Bool) async throws {
        var latest = LatestVersions(identity: self.sink.identity)
        var fingerprints: [Digest128?] = []
        var totalBytes = 0
        for path in paths {
            totalBytes += (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        }
        // First reading: the last version of each document. It parses every document, so it shows progress too.
        var reading = ProgressReporter(totalBytes: totalBytes, phase: "reading")
        var ordinal = 0
        var readBytes = 0
        for path in paths {
            let file = try InputFile(path: path, capture: capture)
            var reader = file.makeReader()
            var accounted = 0
            while let document = reader.next() {
                latest.note(document.text, ordinal: ordinal)
                ordinal += 1
                accounted += document.bytes
                reading.update(documents: ordinal, bytes: readBytes + accounted)
            }
            fingerprints.append(file.fingerprint)
            readBytes += file.size
        }
        reading.update(documents: ordinal, bytes: readBytes, force: true)
        reading.finish()

        self.progress = ProgressReporter(totalBytes: readBytes, phase: "importing")
        ordinal = 0
        for (path, fingerprint) in zip(paths, fingerprints) {
            let file = try InputFile(path: path, capture: capture)
            guard file.fingerprint == fingerprint else {
                self.progress.finish()
                throw ValidationErrorMessage("\(path) changed during the import; the files before it were imported. Run the "
                                             + "import again once the files are complete (what is already imported stays as it is).")
            }
            ordinal = try await self.importFile(file, latest: latest, firstOrdinal: ordinal)
            if capture && file.failure == nil { self.counts.files += 1 }
            self.progress.update(documents: self.counts.documents, bytes: self.counts.bytes)
        }
        self.progress.update(documents: self.counts.documents, bytes: self.counts.bytes, force: true)
        self.progress.finish()
    }

    /// Writes one file's documents in batches; answers the ordinal after its last document.
    private mutating func importFile(_ file: InputFile, latest: LatestVersions, firstOrdinal: Int) async throws -> Int {
        if let failure = file.failure {
            self.fileFailed(file.path, failure)
            self.counts.bytes += file.size
            return firstOrdinal
        }
        for (position, reason) in file.problems {
            FileHandle.standardError.write(Data("\(file.path): \(position): \(reason)\n".utf8))
            self.rejects.reject(file: file.path, position: position, reason: reason, text: nil)
            self.counts.rejected += 1
            self.fileErrors.append(["file": .string(file.path), "position": .string(position), "reason": .string(reason)])
        }
        var reader = file.makeReader()
        var ordinal = firstOrdinal
        var accounted = 0
        var batch: [InputFile.Document] = []
        batch.reserveCapacity(self.batchSize)
        var exhausted = false
        while !exhausted {
            batch.removeAll(keepingCapacity: true)
            while batch.count < self.batchSize, let document = reader.next() {
                batch.append(document)
            }
            exhausted = batch.count < self.batchSize
            guard !batch.isEmpty else { break }
            var writes: [InputFile.Document] = []
            for document in batch {
                switch latest.decision(for: document.text, ordinal: ordinal) {
                case .write: writes.append(document)
                case .duplicate: self.counts.duplicates += 1
                case .superseded: self.counts.superseded += 1
                }
                ordinal += 1
            }
            try await self.write(writes, path: file.path)
            let bytes = batch.reduce(0) { $0 + $1.bytes }
            accounted += bytes
            self.counts.documents += batch.count
            self.counts.bytes += bytes
            self.progress.update(documents: self.counts.documents, bytes: self.counts.bytes)
        }
        // What no document accounts for: trailing blank lines, the array's punctuation, a capture file's framing.
        self.counts.bytes += file.size - accounted
        return ordinal
    }

    private mutating func fileFailed(_ file: String, _ reason: String) {
        self.counts.failedFiles += 1
        self.fileErrors.append(["file": .string(file), "reason": .string(reason)])
        self.rejects.reject(file: file, position: "file", reason: reason, text: nil)
        FileHandle.standardError.write(Data("\(file): \(reason)\n".utf8))
    }

    private mutating func write(_ documents: [InputFile.Document], path: String) async throws {
        guard !documents.isEmpty else { return }
        let outcomes = try await self.sink.write(documents.map(\.text))
        for (document, outcome) in zip(documents, outcomes) {
            switch outcome {
            case .created: self.counts.created += 1
            case .replaced: self.counts.replaced += 1
            case .duplicate: self.counts.duplicates += 1
            case .rejected(let reason):
                self.counts.rejected += 1
                self.rejects.reject(file: path, position: document.position, reason: reason, text: document.text)
            }
        }
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
    var superseded = 0
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
        if self.counts.superseded > 0 { text += "; \(self.counts.superseded) superseded by later versions in the input" }
        if self.counts.files > 0 { text += "; \(self.counts.files) capture files read" }
        if self.counts.failedFiles > 0 { text += "; \(self.counts.failedFiles) files unreadable" }
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
            "superseded": .integer(Int64(self.counts.superseded)),
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
