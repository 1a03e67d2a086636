import DocumentStore
import HTTPDates
import HTTPTypes
import JSON
import QueryEngine

/// The change feed (`GET .../docs` with `A-IM: Incremental Feed`): live documents in the order of their last change,
/// each once in its latest version.
///
/// Positions are the container's log sequence numbers, carried as a quoted decimal `etag`. With no condition the feed
/// starts at the beginning; `If-None-Match: *` starts now (answered 304 with the current position);
/// `If-None-Match: "<n>"` continues after position n; `If-Modified-Since` starts at the first change made at or after
/// that second. Partition key, range id and EPK headers restrict the feed. Nothing new is 304 with an etag. Each
/// document carries `_lsn`, the position of its change, as the service's feed does.
struct ChangeFeedController {
    let configuration: GatewayConfiguration

    func changes(_ request: CosmosRequest, container: Container) async throws -> CosmosResponse {
        var options = QueryOptionsRestriction()
        try options.apply(request, container: container.properties)
        let range = options.range ?? .all
        let maximum = try request.maxItemCount() ?? self.configuration.defaultPageSize
        let ifNoneMatch = request.header(.ifNoneMatch)
        let modifiedSince = try request.header(.ifModifiedSince).map { (text) throws(CosmosError) -> Int64 in
            guard let millis = HTTPDate.parse(text) else {
                throw CosmosError.badRequest("If-Modified-Since must be an HTTP date such as 'Sat, 21 Nov 2026 05:35:48 GMT', got '\(text)'")
            }
            return millis
        }
        var continuation: UInt64?
        if let ifNoneMatch, ifNoneMatch != "*" {
            guard let position = UInt64(ifNoneMatch.trimmingCharacters(in: "\" ")) else {
                throw CosmosError.badRequest("the change feed continuation (If-None-Match) is not a position this server issued: \(ifNoneMatch)")
            }
            continuation = position
        }
        let startAfter = continuation
        let properties = container.properties
        let (rows, position) = try await container.store.read { snapshot -> (QueryRows, UInt64) in
            let current = try snapshot.currentContainer(properties.number)
            var after: UInt64
            if ifNoneMatch == "*" {
                return (QueryRows(), try snapshot.nextLSN(in: current) - 1)
            } else if let startAfter {
                after = startAfter
            } else if let modifiedSince {
                after = try snapshot.lsn(before: modifiedSince, in: current)
            } else {
                after = 0
            }
            var rows = QueryRows()
            try snapshot.scanChanges(in: current, afterLSN: after, range: range) { document in
                rows.appendRow { document.writeWithSystemProperties(to: &$0, includingLSN: true) }
                after = document.lsn
                return rows.count < maximum
            }
            return (rows, after)
        }
        let etag = "\"\(position)\""
        guard !rows.isEmpty else {
            return CosmosResponse(status: 304, headers: [(.etag, etag), (.requestCharge, "1.00")])
        }
        return .feed("Documents", rid: properties.resourceID, rows: rows,
                     headers: [(.etag, etag), (.requestCharge, RequestCharge.format(RequestCharge.query(rows: rows.count, examined: rows.count)))])
    }
}

/// The partition restriction of a feed request (partition key, range id, EPK headers), as one EPK interval.
struct QueryOptionsRestriction {
    var range: EffectivePartitionKeyRange?

    mutating func apply(_ request: CosmosRequest, container: ContainerProperties) throws {
        if let partitionKey = try request.partitionKey() {
            self.intersect(EffectivePartitionKeyRange(partitionKey: partitionKey, definition: container.definition.partitionKey))
        }
        if let rangeID = request.header(.partitionKeyRangeID) {
            guard let range = container.partitionKeyRanges.first(where: { $0.id == String(rangeID.trimmingSpaces) }) else {
                throw CosmosError.badRequest("the container has no partition key range '\(rangeID)'")
            }
            self.intersect(EffectivePartitionKeyRange(range))
        }
        if let interval = try QueryController.epkRange(request) {
            self.intersect(interval)
        }
    }

    private mutating func intersect(_ other: EffectivePartitionKeyRange) {
        guard let current = self.range else {
            self.range = other
            return
        }
        self.range = current.clamped(to: other) ?? EffectivePartitionKeyRange(lowerBound: other.lowerBound, upperBound: other.lowerBound)
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
