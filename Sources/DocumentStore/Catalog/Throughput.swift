public import JSON

/// The request units per second provisioned for a container or a database (shared by its containers without their
/// own). Cosmolite does not meter requests: throughput decides a new container's partition key ranges and is kept so
/// that clients can read and change it (the offers of the REST API).
public enum Throughput: Sendable, Hashable, CustomStringConvertible {
    /// A fixed rate.
    case manual(Int)
    /// Autoscale up to `maximum`; the service scales between a tenth of it and the maximum.
    case autoscale(maximum: Int)

    /// What the service provisions for a dedicated container created without a throughput.
    public static let defaultManual = Throughput.manual(400)

    /// The largest rate the throughput allows: the manual rate or the autoscale maximum.
    public var maximum: Int {
        switch self {
        case .manual(let rate): rate
        case .autoscale(let maximum): maximum
        }
    }

    /// The throughput of a container stored before throughput was kept: the rate its ranges imply (one range per
    /// 6,000 RU/s, the default 400 RU/s for one range).
    public static func implied(byRangeCount count: Int) -> Throughput {
        count <= 1 ? .defaultManual : .manual(count * 6000)
    }

    /// "400 RU/s" or "autoscale up to 4000 RU/s".
    public var description: String {
        switch self {
        case .manual(let rate): "\(rate) RU/s"
        case .autoscale(let maximum): "autoscale up to \(maximum) RU/s"
        }
    }

    public func validate() throws(StoreError) {
        switch self {
        case .manual(let rate):
            guard rate > 0 else { throw StoreError(.badRequest, "the throughput must be a positive number of RU/s, got \(rate)") }
        case .autoscale(let maximum):
            guard maximum > 0 else {
                throw StoreError(.badRequest, "the autoscale maximum throughput must be a positive number of RU/s, got \(maximum)")
            }
        }
    }

    // MARK: JSON (as kept in the catalog: {"manual": n} or {"autoscaleMaximum": n})

    public var jsonValue: JSONValue {
        switch self {
        case .manual(let rate): ["manual": .integer(Int64(rate))]
        case .autoscale(let maximum): ["autoscaleMaximum": .integer(Int64(maximum))]
        }
    }

    public init(json: JSONValue) throws(StoreError) {
        if let rate = json["manual"]?.integerValue, let value = Int(exactly: rate) {
            self = .manual(value)
        } else if let maximum = json["autoscaleMaximum"]?.integerValue, let value = Int(exactly: maximum) {
            self = .autoscale(maximum: value)
        } else {
            throw StoreError(.badRequest, "a throughput must be {\"manual\": n} or {\"autoscaleMaximum\": n}")
        }
        try self.validate()
    }
}
