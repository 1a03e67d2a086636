import DocumentStore
import HTTPTypes
import JSON

/// A request as the controllers see it: route, headers and the whole body (at most 2 MiB, checked on the wire).
struct CosmosRequest: Sendable {
    let method: HTTPRequest.Method
    let path: ResourcePath
    let headers: HTTPFields
    let body: [UInt8]
    /// `https://host:port/` as the client reached us, for the account document.
    let endpoint: String

    func header(_ name: HTTPField.Name) -> String? {
        self.headers.fieldValue(name)
    }

    /// A boolean header; the SDKs send `True`/`true`.
    func flag(_ name: HTTPField.Name) -> Bool {
        self.headers.fieldValue(name)?.utf8.equalsIgnoringASCIICase("true") == true
    }

    /// A boolean header that must be `True` or `False` (any case) when present; `nil` when absent.
    func strictFlag(_ name: HTTPField.Name) throws(CosmosError) -> Bool? {
        guard let text = self.header(name) else { return nil }
        let value = text.trimmingSpaces.utf8
        if value.equalsIgnoringASCIICase("true") { return true }
        if value.equalsIgnoringASCIICase("false") { return false }
        throw CosmosError.badRequest("\(name.rawName) must be True or False, got '\(text)'")
    }

    /// The throughput a create asks for: `x-ms-offer-throughput` (manual RU/s) or `x-ms-cosmos-offer-autopilot-settings`
    /// (`{"maxThroughput": n}`, autoscale); `nil` when neither is sent.
    func provisionedThroughput() throws(CosmosError) -> Throughput? {
        if let text = self.header(.offerThroughput) {
            guard let value = Int(text.trimmingSpaces), value > 0 else {
                throw CosmosError.badRequest("x-ms-offer-throughput must be a positive integer, got '\(text)'")
            }
            return .manual(value)
        }
        if let text = self.header(.autopilotSettings) {
            guard let settings = try? JSONReader.parse(text), let maximum = settings["maxThroughput"]?.integerValue,
                maximum > 0, let value = Int(exactly: maximum)
            else {
                throw CosmosError.badRequest("x-ms-cosmos-offer-autopilot-settings must be {\"maxThroughput\": n}, got '\(text)'")
            }
            return .autoscale(maximum: value)
        }
        return nil
    }

    /// `x-ms-cosmos-priority-level`: `High` or `Low` (any case) when present; anything else is 400, as the service
    /// answers. The level itself changes nothing here (nothing is throttled), but a wrong value is the client's error.
    func checkPriorityLevel() throws(CosmosError) {
        guard let text = self.header(.priorityLevel) else { return }
        let value = text.trimmingSpaces.utf8
        guard value.equalsIgnoringASCIICase("high") || value.equalsIgnoringASCIICase("low") else {
            throw CosmosError.badRequest("x-ms-cosmos-priority-level must be High or Low, got '\(text)'")
        }
    }

    /// `x-ms-consistency-level`: a request may weaken the account's `Session` consistency (`ConsistentPrefix`,
    /// `Eventual`) but not strengthen it; `Strong` and `BoundedStaleness` are 400 with the service's explanation, so
    /// that a client configured for them fails here as it would against the service. A single-node store answers every
    /// level consistently anyway. `None` is what some SDKs send when an account names no consistency: accepted.
    func checkConsistencyLevel() throws(CosmosError) {
        guard let text = self.header(.consistencyLevel) else { return }
        let value = text.trimmingSpaces.utf8
        let accepted: [StaticString] = ["session", "consistentprefix", "eventual", "none"]
        if accepted.contains(where: { value.equalsIgnoringASCIICase($0) }) {
            return
        }
        if value.equalsIgnoringASCIICase("strong") || value.equalsIgnoringASCIICase("boundedstaleness") {
            throw CosmosError.badRequest(
                "ConsistencyLevel \(text) specified in the request is invalid when service is configured with consistency level "
                    + "Session. Ensure the request consistency level is not stronger than the service consistency level."
            )
        }
        throw CosmosError.badRequest(
            "x-ms-consistency-level must be Strong, BoundedStaleness, Session, ConsistentPrefix or Eventual, got '\(text)'"
        )
    }

    /// What a `GET` on a documents feed reads, from its `A-IM` header: the read feed when absent, the change feed for
    /// `Incremental Feed` (latest versions). The all-versions-and-deletes mode (`Full-Fidelity Feed`) and any other
    /// value are 400: answering them with another feed would look like success and return the wrong changes.
    func documentFeedKind() throws(CosmosError) -> DocumentFeedKind {
        guard let text = self.header(.aIM) else { return .readFeed }
        let value = text.trimmingSpaces.utf8
        if value.equalsIgnoringASCIICase("incremental feed") { return .changeFeed }
        if value.equalsIgnoringASCIICase("full-fidelity feed") {
            throw CosmosError.badRequest(
                "A-IM: Full-Fidelity Feed (the all versions and deletes change feed mode) is not supported by Cosmolite; use A-IM: Incremental Feed (latest version mode)"
            )
        }
        throw CosmosError.badRequest("A-IM must be 'Incremental Feed' (the change feed), got '\(text)'")
    }

    /// The partition key header (`["value"]`), if present.
    func partitionKey() throws(CosmosError) -> PartitionKeyValue? {
        guard let text = self.header(.partitionKey) else { return nil }
        let value: JSONValue
        do {
            value = try JSONReader.parse(text)
        } catch {
            throw CosmosError.badRequest("the x-ms-documentdb-partitionkey header is not valid JSON: \(error)")
        }
        do {
            return try PartitionKeyValue(headerJSON: value)
        } catch {
            throw CosmosError.badRequest("invalid x-ms-documentdb-partitionkey header \(text): \(error.message)")
        }
    }

    /// The partition key header, required for operations on one document.
    func requiredPartitionKey() throws(CosmosError) -> PartitionKeyValue {
        guard let key = try self.partitionKey() else {
            throw CosmosError.badRequest("the x-ms-documentdb-partitionkey header is required for this operation (e.g. [\"value\"])")
        }
        return key
    }

    var writeCondition: WriteCondition {
        WriteCondition(ifMatch: self.header(.ifMatch), ifNoneMatch: self.header(.ifNoneMatch))
    }

    /// `x-ms-max-item-count`: `nil` when absent or not positive (the server's default applies).
    func maxItemCount() throws(CosmosError) -> Int? {
        guard let text = self.header(.maxItemCount) else { return nil }
        guard let count = Int(text.trimmingSpaces) else {
            throw CosmosError.badRequest("x-ms-max-item-count must be an integer, got '\(text)'")
        }
        return count > 0 ? count : nil
    }

    /// The request body parsed as JSON.
    func jsonBody() throws(CosmosError) -> JSONValue {
        do {
            return try JSONReader.parse(self.body)
        } catch {
            throw CosmosError.badRequest("the request body is not valid JSON: \(error)")
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
