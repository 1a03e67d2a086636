import AvroCapture
import DocumentStore
import Foundation

/// One input file read into memory and split into documents: NDJSON lines, the elements of a JSON array, or the
/// bodies of an Event Hubs Capture file's events. Reading has no side effects, so an import can read its inputs twice
/// (once to find the last version of each document, once to write).
struct InputFile {
    /// A document and where it came from.
    struct Document {
        let text: [UInt8]
        /// For reports: `line 3`, `element 7`, `block 1, record 4 (sequence number 1029)`.
        let position: String
        /// The input bytes it accounts for in progress (its line and the blank lines before it; 0 in capture files).
        let bytes: Int
    }

    let path: String
    /// The file's size; what it adds to the bytes processed once done.
    let size: Int
    /// A digest of the whole file, to notice a file that changes between the two readings.
    let fingerprint: Digest128?
    private(set) var documents: [Document] = []
    /// Capture records and blocks that could not be read: position and reason.
    private(set) var problems: [(position: String, reason: String)] = []
    /// Why the file could not be read at all (then it has no documents).
    private(set) var failure: String?

    /// Reads an NDJSON or JSON array file (`capture == false`) or an Event Hubs Capture file.
    /// - Throws: ``ValidationErrorMessage`` when an NDJSON or JSON file cannot be read; an unreadable capture file is a
    ///   ``failure`` instead, since the others go on.
    init(path: String, capture: Bool) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            guard capture else { throw ValidationErrorMessage("cannot read \(path)") }
            self.size = 0
            self.fingerprint = nil
            self.failure = "cannot read the file"
            return
        }
        let bytes = [UInt8](data)
        self.size = bytes.count
        self.fingerprint = Digest128(of: bytes)
        if capture {
            self.readCapture(bytes)
        } else if path.hasSuffix(".json") && bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "[") {
            self.readJSONArray(bytes)
        } else {
            self.readLines(bytes)
        }
    }

    /// A JSON array that does not parse fails the file as a whole: no element can be trusted.
    private mutating func readJSONArray(_ bytes: [UInt8]) {
        do {
            let elements = try Container.documents(inJSONArray: bytes)
            self.documents = elements.enumerated().map { Document(text: $1, position: "element \($0)", bytes: $1.count) }
        } catch {
            self.failure = error.message
        }
    }

    /// NDJSON: one document per line (LF or CRLF); blank lines are skipped but keep the line numbers.
    private mutating func readLines(_ bytes: [UInt8]) {
        var lineNumber = 0
        var start = 0
        var accounted = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "\n") {
            lineNumber += 1
            var end = index
            if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let line = bytes[start..<end]
            start = index + 1
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            let through = min(index + 1, bytes.count)
            self.documents.append(Document(text: Array(line), position: "line \(lineNumber)", bytes: through - accounted))
            accounted = through
        }
    }

    /// Capture: each event's Body is a document; damaged blocks, records and events without a body are problems.
    private mutating func readCapture(_ bytes: [UInt8]) {
        let container: AvroContainerFile
        do {
            container = try AvroContainerFile(bytes: bytes)
            try CaptureEvent.validate(container.schema)
        } catch {
            self.failure = "\(error)"
            return
        }
        var documents: [Document] = []
        var problems: [(position: String, reason: String)] = []
        container.forEachRecord({ record in
            do {
                let event = try CaptureEvent(record.value)
                guard let body = event.body else {
                    problems.append(("\(record.position)", "the event has no body"))
                    return
                }
                documents.append(Document(text: body, position: "\(record.position) (sequence number \(event.sequenceNumber))", bytes: 0))
            } catch {
                problems.append(("\(record.position)", "\(error)"))
            }
        }, failure: { failure in
            problems.append(("\(failure.position)", "\(failure.error)"))
        })
        self.documents = documents
        self.problems = problems
    }
}
