import HTTPTypes
import JSON
import QueryEngine

/// What a controller answers: status, headers and body bytes.
struct CosmosResponse: Sendable {
    var status: Int
    var headers: [(HTTPField.Name, String)]
    var body: [UInt8]

    init(status: Int, headers: [(HTTPField.Name, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    static func json(_ status: Int, _ value: JSONValue, headers: [(HTTPField.Name, String)] = []) -> CosmosResponse {
        CosmosResponse(status: status, headers: headers, body: JSONWriter.bytes(from: value))
    }

    /// A feed envelope `{"_rid": ..., "<key>": [rows], "_count": n}` from rows already in JSON.
    static func feed(_ key: String, rid: String, rows: QueryRows, headers: [(HTTPField.Name, String)] = []) -> CosmosResponse {
        var writer = JSONWriter(reservingCapacity: rows.byteCount + key.utf8.count + rid.utf8.count + 48)
        writer.writeRaw("{\"_rid\":")
        writer.writeString(rid)
        writer.writeByte(UInt8(ascii: ","))
        writer.writeString(key)
        writer.writeRaw(":[")
        writer.writeRaw(rows.joined)
        writer.writeRaw("],\"_count\":")
        writer.writeInteger(Int64(rows.count))
        writer.writeByte(UInt8(ascii: "}"))
        return CosmosResponse(status: 200, headers: headers + [(.itemCount, String(rows.count))], body: writer.bytes)
    }

    mutating func add(_ name: HTTPField.Name, _ value: String) {
        self.headers.append((name, value))
    }
}
