import Foundation
import JSON

/// Writes rejected documents, one JSON line each (`{"file", "position", "reason", "text"}`), creating the file on
/// the first rejection only.
final class RejectWriter {
    let path: String
    private var handle: FileHandle?
    private(set) var count = 0

    init(path: String) {
        self.path = path
    }

    func reject(file: String, position: String, reason: String, text: [UInt8]?) {
        if self.handle == nil {
            if FileManager.default.createFile(atPath: self.path, contents: nil) {
                self.handle = FileHandle(forWritingAtPath: self.path)
            } else {
                FileHandle.standardError.write(Data("cannot create the reject file \(self.path); rejects are only counted\n".utf8))
            }
        }
        var entry: JSONObject = ["file": .string(file), "position": .string(position), "reason": .string(reason)]
        if let text {
            let clipped = text.count > 4096 ? Array(text.prefix(4096)) : text
            entry["text"] = .string(String(decoding: clipped, as: UTF8.self))
        }
        var line = JSONWriter.bytes(from: .object(entry))
        line.append(UInt8(ascii: "\n"))
        self.handle?.write(Data(line))
        self.count += 1
    }

    deinit {
        try? self.handle?.close()
    }
}
