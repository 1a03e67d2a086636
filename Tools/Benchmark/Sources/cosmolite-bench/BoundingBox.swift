import DocumentStore
import Foundation

/// A longitude/latitude box that surely contains a circle on the Earth, for the R*Tree pre-filter of SQLite's geo
/// query (the exact distance test follows, so the box only has to be conservative).
struct BoundingBox: Sendable {
    let minimumLongitude: Double
    let maximumLongitude: Double
    let minimumLatitude: Double
    let maximumLatitude: Double

    /// Metres per degree of latitude never fall below 110,574 m; 2 % of margin covers rounding and the ellipsoid.
    init(around center: GeoPoint, radiusMetres: Double) {
        let latitudeDelta = radiusMetres / 110_574 * 1.02
        let farthestLatitude = min(89.9, abs(center.latitude) + latitudeDelta)
        let longitudeDelta = radiusMetres / (111_320 * cos(farthestLatitude * .pi / 180)) * 1.02
        self.minimumLongitude = center.longitude - longitudeDelta
        self.maximumLongitude = center.longitude + longitudeDelta
        self.minimumLatitude = center.latitude - latitudeDelta
        self.maximumLatitude = center.latitude + latitudeDelta
    }
}
