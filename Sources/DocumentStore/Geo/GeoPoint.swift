public import JSON

/// A position on the WGS-84 ellipsoid, as GeoJSON writes it: `[longitude, latitude]` in degrees.
public struct GeoPoint: Sendable, Hashable {
    public var longitude: Double
    public var latitude: Double

    public init(longitude: Double, latitude: Double) {
        self.longitude = longitude
        self.latitude = latitude
    }

    /// Reads a GeoJSON `{"type": "Point", "coordinates": [lon, lat]}` with valid degrees; `nil` otherwise.
    public init?(geoJSON value: JSONValue) {
        guard case .object(let object) = value, case .string("Point")? = object["type"],
            case .array(let coordinates)? = object["coordinates"], coordinates.count >= 2,
            let point = GeoPoint(coordinates: coordinates)
        else { return nil }
        self = point
    }

    /// Reads a GeoJSON position `[lon, lat]` (extra elements such as altitude are ignored).
    public init?(coordinates: [JSONValue]) {
        guard coordinates.count >= 2, let longitude = coordinates[0].doubleValue, let latitude = coordinates[1].doubleValue,
            (-180...180).contains(longitude), (-90...90).contains(latitude)
        else { return nil }
        self.init(longitude: longitude, latitude: latitude)
    }

    /// The GeoJSON Point object.
    public var geoJSON: JSONValue {
        ["type": "Point", "coordinates": [.double(self.longitude), .double(self.latitude)]]
    }
}
