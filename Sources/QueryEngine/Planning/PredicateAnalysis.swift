import CosmosSQL
import DocumentStore
import JSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the top-level conjuncts of a WHERE clause say about index use: an id, partition key values, range-index
/// intervals per path, and spatial boxes. Only conjuncts of the form `alias.path <op> constant` (and the spatial and
/// STARTSWITH shapes) are recognised; everything else stays in the residual filter, which always runs.
struct PredicateAnalysis {
    var id: String?
    /// Partition key component by path position, from `alias.<pk path> = constant`.
    var partitionComponents: [Int: PartitionKeyValue.Component] = [:]
    /// Intersected intervals per range-indexed path (several intervals only for IN lists).
    var intervals: [[String]: [IndexInterval]] = [:]
    var spatial: [(path: [String], box: GeoBoundingBox, distance: SpatialDistanceBound?)] = []

    init(filter: Expression?, alias: String, container: ContainerProperties, evaluator: Evaluator) {
        guard let filter else { return }
        var conjuncts: [Expression] = []
        Self.flattenConjunction(filter, into: &conjuncts)
        let policy = container.resolvedIndexingPolicy
        let partitionPaths = container.partitionKeySegments
        var pathIntervals: [[String]: IndexInterval] = [:]
        var pathPoints: [[String]: [IndexInterval]] = [:]

        func constant(_ expression: Expression) -> JSONValue?? {
            guard Self.isConstant(expression), let value = try? evaluator.evaluate(expression, Scope()) else { return nil }
            return .some(value)
        }

        for conjunct in conjuncts {
            switch conjunct {
            case .binary(let operation, let left, let right)
                where [.equal, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(operation):
                if let spatial = Self.distanceBox(operation, left, right, alias: alias, policy: policy, constant: constant) {
                    self.spatial.append(spatial)
                    continue
                }
                var operation = operation
                var path = Self.documentPath(left, alias: alias)
                var valueExpression = right
                if path == nil, let flipped = Self.documentPath(right, alias: alias) {
                    path = flipped
                    valueExpression = left
                    operation = Self.flip(operation)
                }
                guard let path, case let value?? = constant(valueExpression) else { continue }
                if operation == .equal {
                    if path == ["id"], case .string(let id) = value { self.id = id }
                    if let position = partitionPaths.firstIndex(of: path), let component = PartitionKeyValue.Component(value) {
                        self.partitionComponents[position] = component
                    }
                }
                guard policy.isRangeIndexed(path) || path == ["_ts"] && policy.isRangeIndexed(["_ts"]),
                    let interval = Self.interval(operation, value)
                else { continue }
                pathIntervals[path] = pathIntervals[path].map { Self.intersect($0, interval) } ?? interval
            case .between(let subject, let lower, let upper, false):
                guard let path = Self.documentPath(subject, alias: alias), policy.isRangeIndexed(path),
                    case let low?? = constant(lower), case let high?? = constant(upper),
                    let lowBound = IndexBound(low, inclusive: true), let highBound = IndexBound(high, inclusive: true)
                else { continue }
                let interval = IndexInterval(lower: lowBound, upper: highBound)
                pathIntervals[path] = pathIntervals[path].map { Self.intersect($0, interval) } ?? interval
            case .inList(let subject, let list, false):
                guard let path = Self.documentPath(subject, alias: alias), policy.isRangeIndexed(path) else { continue }
                var points: [IndexInterval] = []
                for item in list {
                    guard case let value?? = constant(item), let bound = IndexBound(value, inclusive: true) else {
                        points = []
                        break
                    }
                    points.append(IndexInterval(lower: bound, upper: bound))
                }
                if !points.isEmpty {
                    // Sorted and without duplicates, so that the scan meets each document once, in value order.
                    var unique: [IndexInterval] = []
                    for point in points.sorted(by: { $0.lower!.encoded.lexicographicallyPrecedes($1.lower!.encoded) })
                    where unique.last?.lower?.encoded != point.lower?.encoded {
                        unique.append(point)
                    }
                    pathPoints[path] = unique
                }
            case .call(let call) where call.name.uppercased() == "STARTSWITH" && (call.arguments.count == 2 || call.arguments.count == 3):
                guard let path = Self.documentPath(call.arguments[0], alias: alias), policy.isRangeIndexed(path),
                    case .string(let prefix)?? = constant(call.arguments[1])
                else { continue }
                if call.arguments.count == 3 {
                    guard case .bool(false)?? = constant(call.arguments[2]) else { continue }
                }
                var encoded: [UInt8] = []
                IndexValueEncoding.appendString(prefix, to: &encoded)
                guard encoded.suffix(2) == [0, 0] else { continue }  // cut at the encoding limit: not usable
                encoded.removeLast(2)
                let interval = IndexInterval(lower: IndexBound(encoded: encoded, inclusive: true),
                                             upper: IndexBound(encoded: encoded + [0xFF], inclusive: false))
                pathIntervals[path] = pathIntervals[path].map { Self.intersect($0, interval) } ?? interval
            case .call(let call) where call.name.uppercased() == "ST_WITHIN" && call.arguments.count == 2:
                guard let path = Self.documentPath(call.arguments[0], alias: alias), policy.isSpatiallyIndexed(path),
                    case let region?? = constant(call.arguments[1]), let box = Self.boundingBox(ofRegion: region)
                else { continue }
                self.spatial.append((path, box, nil))
            default:
                continue
            }
        }
        for (path, interval) in pathIntervals {
            self.intervals[path] = [interval]
        }
        for (path, points) in pathPoints {
            // An IN list on a path is at least as narrow as the other conditions on it; the filter checks the rest.
            self.intervals[path] = points
        }
    }

    /// The full partition key, when WHERE fixes every level.
    func partitionKey(levels: Int) -> PartitionKeyValue? {
        let components = (0..<levels).compactMap { self.partitionComponents[$0] }
        return components.count == levels ? PartitionKeyValue(components) : nil
    }

    /// The leading levels WHERE fixes (a hierarchical prefix), if any.
    func partitionKeyPrefix() -> PartitionKeyValue? {
        var components: [PartitionKeyValue.Component] = []
        while let component = self.partitionComponents[components.count] {
            components.append(component)
        }
        return components.isEmpty ? nil : PartitionKeyValue(components)
    }

    // MARK: Shapes

    static func flattenConjunction(_ expression: Expression, into conjuncts: inout [Expression]) {
        if case .binary(.and, let left, let right) = expression {
            self.flattenConjunction(left, into: &conjuncts)
            self.flattenConjunction(right, into: &conjuncts)
        } else {
            conjuncts.append(expression)
        }
    }

    /// `alias.a.b` or `alias["a"]["b"]` -> `["a", "b"]`.
    static func documentPath(_ expression: Expression, alias: String) -> [String]? {
        switch expression {
        case .property(.identifier(let name), let property) where name == alias:
            return [property]
        case .index(.identifier(let name), .literal(.string(let property))) where name == alias:
            return [property]
        case .property(let base, let property):
            return self.documentPath(base, alias: alias).map { $0 + [property] }
        case .index(let base, .literal(.string(let property))):
            return self.documentPath(base, alias: alias).map { $0 + [property] }
        default:
            return nil
        }
    }

    /// Whether an expression reads no row (literals, parameters, and pure functions of them).
    static func isConstant(_ expression: Expression) -> Bool {
        var constant = true
        ExpressionWalker.visit(expression) { node, _ in
            switch node {
            case .identifier, .exists, .arraySubquery, .scalarSubquery:
                constant = false
            case .call(let call) where call.isUserDefined || AggregateKind(name: call.name) != nil
                || call.name.uppercased().hasPrefix("GETCURRENT") || call.name.uppercased() == "RAND":
                constant = false
            default:
                break
            }
            return constant
        }
        return constant
    }

    static func flip(_ operation: BinaryOperator) -> BinaryOperator {
        switch operation {
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        default: operation
        }
    }

    /// The index interval of `path <operation> value`, bounded to `value`'s type (comparisons across types are
    /// undefined, so other types can never match).
    ///
    /// Keys hold numbers as doubles, which is exact below 2^53. From there on neighbouring integers share a key
    /// (9007199254740993 is stored as 9007199254740992), so a strict bound is made inclusive there: the interval may
    /// then admit a few values the filter rejects, but never misses one that passes.
    static func interval(_ operation: BinaryOperator, _ value: JSONValue) -> IndexInterval? {
        guard let encoded = IndexValueEncoding.encode(value), let marker = encoded.first else { return nil }
        let exact: Bool = switch value {
        case .integer(let integer): integer.magnitude < 1 << 53
        case .double(let double): double.magnitude < 9_007_199_254_740_992
        default: true
        }
        let typeStart: UInt8 = marker == 0x03 ? 0x02 : marker
        let typeEnd: UInt8 = switch marker {
        case 0x02, 0x03: 0x04
        default: marker + 1
        }
        let start = IndexBound(encoded: [typeStart], inclusive: true)
        let end = IndexBound(encoded: [typeEnd], inclusive: false)
        switch operation {
        case .equal: return IndexInterval(lower: IndexBound(encoded: encoded, inclusive: true), upper: IndexBound(encoded: encoded, inclusive: true))
        case .greater: return IndexInterval(lower: IndexBound(encoded: encoded, inclusive: !exact), upper: end)
        case .greaterOrEqual: return IndexInterval(lower: IndexBound(encoded: encoded, inclusive: true), upper: end)
        case .less: return IndexInterval(lower: start, upper: IndexBound(encoded: encoded, inclusive: !exact))
        case .lessOrEqual: return IndexInterval(lower: start, upper: IndexBound(encoded: encoded, inclusive: true))
        default: return nil
        }
    }

    static func intersect(_ first: IndexInterval, _ second: IndexInterval) -> IndexInterval {
        func tighter(_ a: IndexBound?, _ b: IndexBound?, lower: Bool) -> IndexBound? {
            guard let a else { return b }
            guard let b else { return a }
            if a.encoded == b.encoded { return IndexBound(encoded: a.encoded, inclusive: a.inclusive && b.inclusive) }
            let aFirst = a.encoded.lexicographicallyPrecedes(b.encoded)
            return lower ? (aFirst ? b : a) : (aFirst ? a : b)
        }
        return IndexInterval(lower: tighter(first.lower, second.lower, lower: true), upper: tighter(first.upper, second.upper, lower: false))
    }

    /// `ST_DISTANCE(alias.path, point) < r` in any of its spellings: the box around the point, and the bound itself.
    static func distanceBox(
        _ operation: BinaryOperator,
        _ left: Expression,
        _ right: Expression,
        alias: String,
        policy: ResolvedIndexingPolicy,
        constant: (Expression) -> JSONValue??
    ) -> (path: [String], box: GeoBoundingBox, distance: SpatialDistanceBound?)? {
        var operation = operation
        var distance = left
        var radiusExpression = right
        if case .call = right, !Self.isDistanceCall(left) {
            distance = right
            radiusExpression = left
            operation = self.flip(operation)
        }
        guard operation == .less || operation == .lessOrEqual, case .call(let call) = distance, Self.isDistanceCall(distance),
            call.arguments.count == 2, case let radius?? = constant(radiusExpression), let meters = radius.doubleValue, meters >= 0
        else { return nil }
        for (pathArgument, pointArgument) in [(call.arguments[0], call.arguments[1]), (call.arguments[1], call.arguments[0])] {
            if let path = self.documentPath(pathArgument, alias: alias), policy.isSpatiallyIndexed(path),
                case let geometry?? = constant(pointArgument), let center = GeoPoint(geoJSON: geometry)
            {
                let bound = SpatialDistanceBound(center: center, radius: meters)
                return (path, Geodesy.boundingBox(around: center, radius: meters), bound)
            }
        }
        return nil
    }

    private static func isDistanceCall(_ expression: Expression) -> Bool {
        if case .call(let call) = expression, !call.isUserDefined, call.name.uppercased() == "ST_DISTANCE" { return true }
        return false
    }

    /// A box around a GeoJSON Polygon or MultiPolygon. Edges are great-circle arcs, which bulge away from the equator
    /// between vertices, so each edge is sampled along its arc and the box gets a small margin.
    static func boundingBox(ofRegion region: JSONValue) -> GeoBoundingBox? {
        var rings: [[JSONValue]] = []
        switch (region["type"], region["coordinates"]) {
        case (.string("Polygon")?, .array(let polygon)?):
            rings = polygon.compactMap(\.arrayValue)
        case (.string("MultiPolygon")?, .array(let polygons)?):
            rings = polygons.compactMap(\.arrayValue).flatMap { $0.compactMap(\.arrayValue) }
        default:
            return nil
        }
        var points: [GeoPoint] = []
        for ring in rings {
            let vertices = ring.compactMap { $0.arrayValue.flatMap(GeoPoint.init(coordinates:)) }
            guard vertices.count == ring.count else { return nil }
            for (start, end) in zip(vertices, vertices.dropFirst()) {
                points.append(contentsOf: Self.arcSamples(from: start, to: end, count: 16))
            }
            points.append(contentsOf: vertices)
        }
        guard var box = GeoBoundingBox(points: points), box.east - box.west < 180 else {
            return points.isEmpty ? nil : GeoBoundingBox(south: -90, north: 90, west: -180, east: 180)
        }
        box.south = max(-90, box.south - 0.001)
        box.north = min(90, box.north + 0.001)
        box.west -= 0.001
        box.east += 0.001
        return box
    }

    /// Points along the great-circle arc between two points (spherical interpolation).
    private static func arcSamples(from start: GeoPoint, to end: GeoPoint, count: Int) -> [GeoPoint] {
        func vector(_ point: GeoPoint) -> (Double, Double, Double) {
            let latitude = point.latitude * .pi / 180
            let longitude = point.longitude * .pi / 180
            return (cos(latitude) * cos(longitude), cos(latitude) * sin(longitude), sin(latitude))
        }
        let a = vector(start)
        let b = vector(end)
        let dot = max(-1, min(1, a.0 * b.0 + a.1 * b.1 + a.2 * b.2))
        let angle = acos(dot)
        guard angle > 1e-12, angle < .pi - 1e-9 else { return [] }
        return (1..<count).map { step in
            let t = Double(step) / Double(count)
            let wa = sin((1 - t) * angle) / sin(angle)
            let wb = sin(t * angle) / sin(angle)
            let x = wa * a.0 + wb * b.0
            let y = wa * a.1 + wb * b.1
            let z = wa * a.2 + wb * b.2
            return GeoPoint(longitude: atan2(y, x) * 180 / .pi, latitude: atan2(z, (x * x + y * y).squareRoot()) * 180 / .pi)
        }
    }
}
