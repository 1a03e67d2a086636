public import DocumentStore
public import JSON

/// A GeoJSON geometry of the kinds the spatial functions accept, with coordinates as `[longitude, latitude]` degrees.
///
/// Valid means: an object whose `type` is `Point`, `LineString`, `Polygon` or `MultiPolygon`; positions of at least two
/// numbers (further numbers such as altitude are ignored) with longitude in [-180, 180] and latitude in [-90, 90]; a
/// LineString of at least two positions; Polygon rings of at least four positions whose first and last positions are
/// equal (the first ring is the outer boundary, the rest are holes); a MultiPolygon of valid polygons. Polygon rings
/// follow the left-hand rule, as the service documents: the interior is on the left when walking the ring, so a
/// counter-clockwise outer ring encloses the small region and a clockwise one encloses the rest of the globe.
/// Self-intersection is not checked.
public enum GeoJSONGeometry: Sendable, Hashable {
    case point(GeoPoint)
    case lineString([GeoPoint])
    case polygon([[GeoPoint]])
    case multiPolygon([[[GeoPoint]]])

    /// The geometry of `value`, or `nil` when it is not valid GeoJSON of a supported type.
    public init?(geoJSON value: JSONValue) {
        guard case .success(let geometry) = Self.parse(value) else { return nil }
        self = geometry
    }

    /// Why `value` is not a valid geometry, or `nil` when it is (the `reason` of `ST_ISVALIDDETAILED`).
    public static func validationFailure(of value: JSONValue) -> String? {
        switch self.parse(value) {
        case .success: nil
        case .failure(let invalid): invalid.reason
        }
    }

    /// Every position of the geometry (ring closing positions included).
    public var vertices: [GeoPoint] {
        switch self {
        case .point(let point): [point]
        case .lineString(let points): points
        case .polygon(let rings): rings.flatMap { $0 }
        case .multiPolygon(let polygons): polygons.flatMap { $0.flatMap { $0 } }
        }
    }

    /// The polygons (each a list of rings), empty for points and line strings.
    public var polygons: [[[GeoPoint]]] {
        switch self {
        case .point, .lineString: []
        case .polygon(let rings): [rings]
        case .multiPolygon(let polygons): polygons
        }
    }

    /// The latitude/longitude box of the vertices (no antimeridian handling), for index pre-filtering.
    public var boundingBox: GeoBoundingBox? {
        GeoBoundingBox(points: self.vertices)
    }

    // MARK: Parsing

    /// Why a value is not valid GeoJSON.
    struct Invalid: Error {
        var reason: String
    }

    static func parse(_ value: JSONValue) -> Result<GeoJSONGeometry, Invalid> {
        guard case .object(let object) = value else { return .failure(Invalid(reason: "A GeoJSON geometry must be an object.")) }
        guard case .string(let type)? = object["type"] else {
            return .failure(Invalid(reason: "A GeoJSON geometry must have a string 'type' member."))
        }
        guard case .array(let coordinates)? = object["coordinates"] else {
            return .failure(Invalid(reason: "A GeoJSON geometry must have an array 'coordinates' member."))
        }
        do throws(Invalid) {
            switch type {
            case "Point": return .success(.point(try self.position(.array(coordinates))))
            case "LineString": return .success(.lineString(try self.lineString(coordinates)))
            case "Polygon": return .success(.polygon(try self.polygon(coordinates)))
            case "MultiPolygon": return .success(.multiPolygon(try self.multiPolygon(coordinates)))
            default:
                return .failure(Invalid(reason: "Unsupported GeoJSON type '\(type)'; expected Point, LineString, Polygon or MultiPolygon."))
            }
        } catch {
            return .failure(error)
        }
    }

    private static func position(_ value: JSONValue) throws(Invalid) -> GeoPoint {
        guard case .array(let numbers) = value, numbers.count >= 2, let longitude = numbers[0].doubleValue,
            let latitude = numbers[1].doubleValue
        else { throw Invalid(reason: "A position must be an array of at least two numbers: longitude, latitude.") }
        guard longitude.isFinite, (-180...180).contains(longitude) else {
            throw Invalid(reason: "Longitude values must be between -180 and 180 degrees.")
        }
        guard latitude.isFinite, (-90...90).contains(latitude) else {
            throw Invalid(reason: "Latitude values must be between -90 and 90 degrees.")
        }
        return GeoPoint(longitude: longitude, latitude: latitude)
    }

    private static func lineString(_ positions: [JSONValue]) throws(Invalid) -> [GeoPoint] {
        let points = try self.positions(positions)
        guard points.count >= 2 else { throw Invalid(reason: "A LineString must have at least two positions.") }
        return points
    }

    private static func polygon(_ rings: [JSONValue]) throws(Invalid) -> [[GeoPoint]] {
        guard !rings.isEmpty else { throw Invalid(reason: "A Polygon must have at least one ring.") }
        var result: [[GeoPoint]] = []
        for ring in rings {
            guard case .array(let positions) = ring else { throw Invalid(reason: "A Polygon ring must be an array of positions.") }
            let points = try self.positions(positions)
            guard points.count >= 4 else { throw Invalid(reason: "A Polygon ring must have at least four positions.") }
            guard points.first == points.last else {
                throw Invalid(reason: "A Polygon ring must be closed: its first and last positions must be the same.")
            }
            result.append(points)
        }
        return result
    }

    private static func multiPolygon(_ polygons: [JSONValue]) throws(Invalid) -> [[[GeoPoint]]] {
        guard !polygons.isEmpty else { throw Invalid(reason: "A MultiPolygon must have at least one Polygon.") }
        var result: [[[GeoPoint]]] = []
        for polygon in polygons {
            guard case .array(let rings) = polygon else { throw Invalid(reason: "Each MultiPolygon member must be an array of rings.") }
            result.append(try self.polygon(rings))
        }
        return result
    }

    private static func positions(_ values: [JSONValue]) throws(Invalid) -> [GeoPoint] {
        var points: [GeoPoint] = []
        points.reserveCapacity(values.count)
        for value in values {
            points.append(try self.position(value))
        }
        return points
    }
}
