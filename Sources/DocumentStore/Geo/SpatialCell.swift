/// The grid cell of a point in the spatial index: 32,768 columns over 360° of longitude and 16,384 rows over 180° of
/// latitude (about 1.2 km at the equator). Index keys order cells row by row, so a bounding box is one key range per
/// row it spans.
public struct SpatialCell: Sendable, Hashable {
    public static let columns: UInt32 = 1 << 15
    public static let rows: UInt32 = 1 << 14

    /// Where a spatial path's value goes when it is an object but not a point (a LineString, a Polygon, an invalid
    /// point): such geometries have no cell, so they sit in a row of their own that every spatial scan reads after
    /// the rows of its box, and the query's own spatial test decides them. Without it, an index scan would miss a
    /// polygon that a full scan finds.
    public static let unplaced = SpatialCell(row: .max, column: 0)

    public let row: UInt32
    public let column: UInt32

    public init(row: UInt32, column: UInt32) {
        self.row = row
        self.column = column
    }

    public init(_ point: GeoPoint) {
        self.column = Self.column(longitude: point.longitude)
        self.row = Self.row(latitude: point.latitude)
    }

    public static func column(longitude: Double) -> UInt32 {
        let scaled = (longitude + 180) / 360 * Double(self.columns)
        return UInt32(max(0, min(Double(self.columns - 1), scaled.rounded(.down))))
    }

    public static func row(latitude: Double) -> UInt32 {
        let scaled = (latitude + 90) / 180 * Double(self.rows)
        return UInt32(max(0, min(Double(self.rows - 1), scaled.rounded(.down))))
    }
}
