import DocumentStore
import JSON

/// Where the next page of a query starts. Opaque to callers: URL-safe base64 of a small JSON object.
///
/// It names the query it belongs to by a fingerprint (query text, parameters, restriction, container and its
/// indexing policy), so a token from another query, container or indexing policy is refused. Streaming queries resume
/// strictly after a scan position (and within a document's JOIN rows); sorted, grouped and DISTINCT queries resume
/// after the last row (``SortedResume``). Every token stays small enough for an HTTP header, whatever the data:
/// scan positions are bounded index keys, and an oversized sort key travels as a hash.
struct ContinuationToken: Sendable, Hashable {
    enum Resume: Sendable, Hashable {
        /// Continue the scan after `after` (from the start when `nil`). An ordered index scan that stopped inside a
        /// run of entries it must sort in memory (see ``QueryExecutor``) resumes before the run and skips the first
        /// `runOffset` documents of the sorted run. Then, if the first document met is `sequence`, skip its first
        /// `joinIndex` rows, which were returned already.
        case scan(after: ScanPosition?, sequence: UInt64?, joinIndex: Int, runOffset: Int = 0)
        /// Continue the ordered result after its last returned row.
        case sorted(SortedResume)
    }

    var fingerprint: String
    /// The access path, as its position in the planner's candidate list.
    var candidate: Int
    var resume: Resume
    /// OFFSET rows skipped so far.
    var skipped: Int
    /// Rows returned so far (for TOP/LIMIT).
    var returned: Int

    var encoded: String {
        var object: JSONObject = [
            "v": 1, "f": .string(self.fingerprint), "c": .integer(Int64(self.candidate)),
            "o": .integer(Int64(self.skipped)), "r": .integer(Int64(self.returned)),
        ]
        switch self.resume {
        case .scan(let after, let sequence, let joinIndex, let runOffset):
            object["a"] = after.map(Self.encode) ?? .null
            if let sequence { object["s"] = .integer(Int64(bitPattern: sequence)) }
            object["j"] = .integer(Int64(joinIndex))
            if runOffset > 0 { object["u"] = .integer(Int64(runOffset)) }
        case .sorted(let sorted):
            if let keys = sorted.keys {
                object["k"] = SortedResume.encodedKeys(keys)
            } else if let digest = sorted.digest {
                object["h"] = .string(digest.hex)
            }
            object["p"] = .integer(Int64(sorted.position))
            object["s"] = .integer(Int64(bitPattern: sorted.origin.sequence))
            object["j"] = .integer(Int64(sorted.origin.joinIndex))
        }
        return Base64URL.encode(JSONWriter.bytes(from: .object(object)))
    }

    /// Decodes a token; any malformation is an `invalidContinuation` error.
    init(decoding text: String) throws(QueryError) {
        let invalid = QueryError(.invalidContinuation, "the continuation token is not valid for this query (malformed or from another query)")
        guard text.utf8.count < 16_384, let bytes = Base64URL.decode(text), let value = try? JSONReader.parse(bytes),
            value["v"] == 1, case .string(let fingerprint)? = value["f"],
            let candidate = value["c"]?.integerValue, let skipped = value["o"]?.integerValue, let returned = value["r"]?.integerValue,
            candidate >= 0, skipped >= 0, returned >= 0, let joinIndex = value["j"]?.integerValue, joinIndex >= 0
        else { throw invalid }
        self.fingerprint = fingerprint
        self.candidate = Int(candidate)
        self.skipped = Int(skipped)
        self.returned = Int(returned)
        if value["k"] != nil || value["h"] != nil {
            // Tokens written before positions were recorded carry keys, which need none.
            let position = value["p"]?.integerValue ?? 0
            guard let sequence = value["s"]?.integerValue, position >= 0 else { throw invalid }
            let origin = RowOrigin(sequence: UInt64(bitPattern: sequence), joinIndex: Int(joinIndex))
            if let keys = value["k"] {
                guard let decoded = SortedResume.decodedKeys(keys) else { throw invalid }
                self.resume = .sorted(SortedResume(keys: decoded, digest: nil, origin: origin, position: Int(position)))
            } else {
                guard let digest = value["h"]?.stringValue.flatMap(SortedResume.Digest.init(hex:)) else { throw invalid }
                self.resume = .sorted(SortedResume(keys: nil, digest: digest, origin: origin, position: Int(position)))
            }
        } else {
            guard let after = value["a"] else { throw invalid }
            var position: ScanPosition?
            if !after.isNull {
                guard let decoded = Self.decode(after) else { throw invalid }
                position = decoded
            }
            let runOffset = value["u"]?.integerValue ?? 0
            guard runOffset >= 0 else { throw invalid }
            self.resume = .scan(after: position, sequence: value["s"]?.integerValue.map { UInt64(bitPattern: $0) }, joinIndex: Int(joinIndex),
                                runOffset: Int(runOffset))
        }
    }

    init(fingerprint: String, candidate: Int, resume: Resume, skipped: Int, returned: Int) {
        self.fingerprint = fingerprint
        self.candidate = candidate
        self.resume = resume
        self.skipped = skipped
        self.returned = returned
    }

    private static func encode(_ position: ScanPosition) -> JSONValue {
        switch position {
        case .sequence(let sequence):
            ["t": "s", "n": .integer(Int64(bitPattern: sequence))]
        case .index(let interval, let key):
            ["t": "i", "i": .integer(Int64(interval)), "k": .string(Hex.encode(key.bytes))]
        case .spatial(let spatial):
            ["t": "g", "r": .integer(Int64(spatial.row)), "c": .integer(Int64(spatial.column)),
             "n": .integer(Int64(bitPattern: spatial.sequenceNumber))]
        case .partition(let partition):
            ["t": "p", "k": .string(Hex.encode(partition.identityKey))]
        }
    }

    private static func decode(_ value: JSONValue) -> ScanPosition? {
        switch value["t"]?.stringValue {
        case "s":
            return value["n"]?.integerValue.map { .sequence(UInt64(bitPattern: $0)) }
        case "i":
            guard let interval = value["i"]?.integerValue, interval >= 0, interval < 1 << 20,
                let key = value["k"]?.stringValue.flatMap(Hex.decode), key.count < 600
            else { return nil }
            return .index(interval: Int(interval), key: IndexScanKey(key))
        case "g":
            guard let row = value["r"]?.integerValue.flatMap(UInt32.init(exactly:)),
                let column = value["c"]?.integerValue.flatMap(UInt32.init(exactly:)), let sequence = value["n"]?.integerValue
            else { return nil }
            return .spatial(SpatialScanPosition(row: row, column: column, sequenceNumber: UInt64(bitPattern: sequence)))
        case "p":
            guard let key = value["k"]?.stringValue.flatMap(Hex.decode), key.count < 600 else { return nil }
            return .partition(PartitionScanPosition(identityKey: key))
        default:
            return nil
        }
    }
}

/// Lower-case hexadecimal.
enum Hex {
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}
