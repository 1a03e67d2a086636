public import DocumentStore

/// `ST_DISTANCE(path, center) < radius` (or `<=`) as the planner found it: lets a spatial scan pass over index
/// points that are certainly too far without reading their documents. Only points are judged this way; the WHERE
/// clause still decides every document that is read.
public struct SpatialDistanceBound: Sendable, Hashable, CustomStringConvertible {
    public var center: GeoPoint
    /// Metres.
    public var radius: Double

    public init(center: GeoPoint, radius: Double) {
        self.center = center
        self.radius = radius
    }

    /// Whether a document at `point` may satisfy the bound (`<` or `<=`). The query computes the distance with its
    /// arguments in either order, so points within a hair of the radius are let through for the filter to decide.
    public func admits(_ point: GeoPoint) -> Bool {
        let distance = Geodesy.distance(point, self.center)
        let margin = self.radius * 1e-9 + 1e-6
        return distance <= self.radius + margin
    }

    public var description: String {
        "within \(self.radius) m of [\(self.center.longitude), \(self.center.latitude)]"
    }
}
