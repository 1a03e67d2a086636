public import JSON

// Temporary interface stub; replaced by the real library.
public struct FunctionContext: Sendable {
    public var nowMillis: Int64
    public init(nowMillis: Int64) { self.nowMillis = nowMillis }
}

public struct FunctionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { self.message }
}

public struct FunctionDefinition: Sendable {
    public let name: String
    public let arity: ClosedRange<Int>
    public let propagatesUndefined: Bool
    public let evaluate: @Sendable ([JSONValue?], FunctionContext) throws(FunctionError) -> JSONValue?
}

public enum FunctionLibrary {
    public static func definition(named name: String) -> FunctionDefinition? {
        switch name.uppercased() {
        case "IS_DEFINED": FunctionDefinition(name: "IS_DEFINED", arity: 1...1, propagatesUndefined: false) { arguments, _ in .bool(arguments[0] != nil) }
        case "LOWER": FunctionDefinition(name: "LOWER", arity: 1...1, propagatesUndefined: true) { arguments, _ in
            arguments[0]?.stringValue.map { .string($0.lowercased()) } }
        case "ST_DISTANCE": FunctionDefinition(name: "ST_DISTANCE", arity: 2...2, propagatesUndefined: true) { arguments, _ in
            guard let a = arguments[0].flatMap(GeoPointShim.init), let b = arguments[1].flatMap(GeoPointShim.init) else { return nil }
            return .double(a.distance(to: b)) }
        default: nil
        }
    }
    public static var allNames: [String] { ["IS_DEFINED", "LOWER", "ST_DISTANCE"] }
}

struct GeoPointShim {
    var lon: Double, lat: Double
    init?(_ value: JSONValue) {
        guard case .array(let c)? = value["coordinates"], c.count == 2, let lon = c[0].doubleValue, let lat = c[1].doubleValue else { return nil }
        self.lon = lon; self.lat = lat
    }
    func distance(to other: GeoPointShim) -> Double { 111_000 * ((lon - other.lon) * (lon - other.lon) + (lat - other.lat) * (lat - other.lat)).squareRoot() }
}

public enum QueryValueOrdering {
    public static func compare(_ a: JSONValue?, _ b: JSONValue?) -> Int {
        func rank(_ v: JSONValue?) -> Int {
            switch v { case nil: 0; case .null?: 1; case .bool(false)?: 2; case .bool(true)?: 3; case .integer?, .double?: 4
            case .string?: 5; case .array?: 6; case .object?: 7 }
        }
        let (ra, rb) = (rank(a), rank(b))
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case (let x?, let y?) where x.isNumber: let (p, q) = (x.doubleValue!, y.doubleValue!); return p < q ? -1 : (p > q ? 1 : 0)
        case (.string(let x)?, .string(let y)?): return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : (x == y ? 0 : 1)
        case (.array(let x)?, .array(let y)?):
            for (p, q) in zip(x, y) { let c = compare(p, q); if c != 0 { return c } }
            return x.count < y.count ? -1 : (x.count > y.count ? 1 : 0)
        default: return 0
        }
    }
}
