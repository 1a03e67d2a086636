public import JSON

/// The rows of one query page as JSON texts, held in one buffer, separated by commas.
///
/// A page of a hundred 1 KB documents used to be a hundred separate arrays: a hundred allocations (each above the
/// allocator's small-block cache) and, in the server, a second copy into the response. Here a page grows one buffer,
/// and ``joined`` is already the inside of a JSON array, so a feed response embeds all rows with one copy.
public struct QueryRows: RandomAccessCollection, Sendable, Hashable {
    /// Every row in order, separated by commas (the text between a JSON array's brackets).
    public private(set) var joined: [UInt8]
    /// Where each row starts in ``joined``.
    private var starts: [Int]

    public init() {
        self.joined = []
        self.starts = []
    }

    /// Rows given one by one (each a complete JSON text).
    public init(_ rows: some Sequence<some Collection<UInt8>>) {
        self.init()
        for row in rows { self.append(row) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { self.starts.count }

    /// The JSON text of row `position`.
    public subscript(position: Int) -> ArraySlice<UInt8> {
        let end = position + 1 < self.starts.count ? self.starts[position + 1] - 1 : self.joined.count
        return self.joined[self.starts[position]..<end]
    }

    /// Bytes of row text on the page, separators included.
    public var byteCount: Int { self.joined.count }

    /// Appends one row given as JSON text.
    public mutating func append(_ row: some Collection<UInt8>) {
        self.beginRow()
        self.joined.append(contentsOf: row)
    }

    /// Appends one row that `write` writes (it must write exactly one JSON value).
    public mutating func appendRow(_ write: (inout JSONWriter) -> Void) {
        self.beginRow()
        var writer = JSONWriter(continuing: self.joined)
        self.joined = []
        write(&writer)
        self.joined = writer.bytes
    }

    /// Appends one JSON value as a row.
    mutating func append(_ output: RowOutput) {
        switch output {
        case .bytes(let bytes): self.append(bytes)
        case .value(let value): self.appendRow { $0.write(value) }
        }
    }

    private mutating func beginRow() {
        if self.starts.count == 1 {
            // A second row means a page of many: make room for a few dozen more like the first at once, instead of
            // doubling the buffer (and copying every row written so far) again and again.
            let estimate = (self.joined.count + 1) * Self.rowsReservedAfterTheFirst
            if self.joined.capacity < estimate { self.joined.reserveCapacity(Swift.min(estimate, Self.largestReservation)) }
        }
        if !self.starts.isEmpty { self.joined.append(UInt8(ascii: ",")) }
        self.starts.append(self.joined.count)
    }

    /// How many rows the size of the first one the buffer makes room for when a second row comes.
    private static let rowsReservedAfterTheFirst = 64
    /// Beyond this, the buffer grows as rows come (large rows are few per page).
    private static let largestReservation = 512 * 1024
}
