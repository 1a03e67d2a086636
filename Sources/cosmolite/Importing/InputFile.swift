import AvroCapture
import DocumentStore
import Foundation
import JSON

/// One input file split into documents: NDJSON lines, the elements of a JSON array, or the bodies of an Event Hubs
/// Capture file's events. NDJSON and JSON arrays are mapped, not read onto the heap, and handed out one document at a
/// time by a ``Reader``, so an import of a file larger than memory works. Reading has no side effects, so an import can
/// read its inputs twice (once to find the last version of each document, once to write).
struct InputFile {
    /// A document and where it came from.
    struct Document {
        let text: [UInt8]
        /// For reports: `line 3`, `element 7`, `block 1, record 4 (sequence number 1029)`.
        let position: String
        /// The input bytes it accounts for in progress (its line and the blank lines before it; 0 in capture files).
        let bytes: Int
    }

    /// Hands out the file's documents in order.
    struct Reader {
        private let file: InputFile
        private var offset = 0
        private var lineNumber = 0
        private var accounted = 0
        private var element = 0

        fileprivate init(file: InputFile) {
            self.file = file
        }

        /// The next document, or `nil` after the last.
        mutating func next() -> Document? {
            switch self.file.content {
            case .lines(let mapped): self.nextLine(mapped.bytes)
            case .array(let mapped, let elements): self.nextElement(mapped.bytes, elements)
            case .capture(let documents): self.nextCaptured(documents)
            case .none: nil
            }
        }

        /// NDJSON: one document per line (LF or CRLF); blank lines are skipped but keep the line numbers.
        private mutating func nextLine(_ bytes: UnsafeRawBufferPointer) -> Document? {
            while self.offset < bytes.count {
                let start = self.offset
                let newline = bytes.base(offset: start).flatMap { memchr($0, 0x0A, bytes.count - start) }
                var end = newline.map { bytes.baseAddress!.distance(to: $0) } ?? bytes.count
                self.offset = end + 1
                self.lineNumber += 1
                if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
                let through = min(self.offset, bytes.count)
                defer { self.accounted = through }
                return Document(text: Array(line), position: "line \(self.lineNumber)", bytes: through - self.accounted)
            }
            return nil
        }

        private mutating func nextElement(_ bytes: UnsafeRawBufferPointer, _ elements: [Range<Int>]) -> Document? {
            guard self.element < elements.count else { return nil }
            defer { self.element += 1 }
            let range = elements[self.element]
            return Document(text: Array(UnsafeRawBufferPointer(rebasing: bytes[range])), position: "element \(self.element)",
                            bytes: range.count)
        }

        private mutating func nextCaptured(_ documents: [Document]) -> Document? {
            guard self.element < documents.count else { return nil }
            defer { self.element += 1 }
            return documents[self.element]
        }
    }

    /// What the file holds, ready to be read.
    private enum Content {
        case lines(MappedFile)
        /// The file and where each element of its array is.
        case array(MappedFile, [Range<Int>])
        /// Capture files are decoded whole (Avro blocks are compressed and framed): their bodies.
        case capture([Document])
        /// The file could not be read (see ``failure``).
        case none
    }

    let path: String
    /// The file's size; what it adds to the bytes processed once done.
    let size: Int
    /// A digest of the whole file, to notice a file that changes between the two readings.
    let fingerprint: Digest128?
    private var content = Content.none
    /// Capture records and blocks that could not be read: position and reason.
    private(set) var problems: [(position: String, reason: String)] = []
    /// Why the file could not be read at all (then it has no documents).
    private(set) var failure: String?

    /// Opens an NDJSON or JSON array file (`capture == false`) or reads an Event Hubs Capture file.
    /// - Throws: ``ValidationErrorMessage`` when an NDJSON or JSON file cannot be read; an unreadable capture file is a
    ///   ``failure`` instead, since the others go on.
    init(path: String, capture: Bool) throws {
        self.path = path
        if capture {
            guard let data = FileManager.default.contents(atPath: path) else {
                self.size = 0
                self.fingerprint = nil
                self.failure = "cannot read the file"
                return
            }
            let bytes = [UInt8](data)
            self.size = bytes.count
            self.fingerprint = Digest128(of: bytes)
            self.readCapture(bytes)
            return
        }
        let mapped = try MappedFile(path: path)
        self.size = mapped.bytes.count
        self.fingerprint = Digest128(of: mapped.bytes)
        let firstByte = mapped.bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if path.hasSuffix(".json") && firstByte == UInt8(ascii: "[") {
            self.readJSONArray(mapped)
        } else {
            self.content = .lines(mapped)
        }
    }

    func makeReader() -> Reader {
        Reader(file: self)
    }

    /// A JSON array that does not parse fails the file as a whole: no element can be trusted. It is validated without
    /// building values, then only the elements' places are kept.
    private mutating func readJSONArray(_ mapped: MappedFile) {
        do {
            _ = try JSONReader.validate(mapped.bytes)
        } catch {
            self.failure = "the input is not valid JSON: \(error)"
            return
        }
        var elements: [Range<Int>] = []
        JSONScanner.forEachElement(in: mapped.bytes, arrayAt: 0) { range in
            elements.append(range)
            return true
        }
        self.content = .array(mapped, elements)
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
        self.content = .capture(documents)
        self.problems = problems
    }
}

extension UnsafeRawBufferPointer {
    /// The address `offset` bytes into the buffer (`nil` for an empty buffer).
    fileprivate func base(offset: Int) -> UnsafeRawPointer? {
        self.baseAddress.map { $0 + offset }
    }
}
