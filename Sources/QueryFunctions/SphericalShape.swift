#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import DocumentStore

/// A geometry prepared for topological tests on the unit sphere: edges are great-circle arcs between the vertices
/// (latitudes taken as spherical latitudes), which is how the spatial predicates decide containment and crossing.
///
/// A point exactly on a boundary (within ``tolerance``, about 6 micrometres) is on the boundary: it intersects the
/// polygon but is not within it.
struct SphericalShape {
    /// Angular tolerance in radians for "on the boundary" and touching arcs.
    static let tolerance = 1e-12

    /// One vertex with its unit vector.
    struct Vertex {
        var point: GeoPoint
        var vector: SphericalVector

        init(_ point: GeoPoint) {
            self.point = point
            self.vector = SphericalVector(point)
        }
    }

    /// A great-circle arc between two vertices (the same vertex twice for a lone point).
    struct Arc {
        var start: Vertex
        var end: Vertex
    }

    /// A closed ring and its signed spherical excess (positive when counter-clockwise, seen from outside the sphere).
    struct Ring {
        var vertices: [Vertex]
        var signedExcess: Double

        init(_ points: [GeoPoint]) {
            self.vertices = points.map(Vertex.init)
            self.signedExcess = Self.signedExcess(of: self.vertices.map(\.vector))
        }

        /// Counter-clockwise rings (and degenerate ones of zero area, whose interior is then empty rather than the globe).
        var isCounterClockwise: Bool { self.signedExcess >= 0 }

        var arcs: [Arc] {
            zip(self.vertices, self.vertices.dropFirst()).map { Arc(start: $0, end: $1) }
        }

        /// Whether `vector` lies in the smaller region the ring bounds (not counting the boundary).
        func enclosesSmallRegion(_ vector: SphericalVector) -> Bool {
            var winding = 0.0
            for (first, second) in zip(self.vertices, self.vertices.dropFirst()) {
                let (u, v) = (first.vector, second.vector)
                winding += atan2(vector.dot(u.cross(v)), u.dot(v) - vector.dot(u) * vector.dot(v))
            }
            // ±2π when the ring winds around the axis through the point; the sign tells whether it is the point or its
            // antipode that the small region holds.
            return abs(winding) > .pi && (winding > 0) == self.isCounterClockwise
        }

        /// Sum of the signed excesses of the fan triangles from the first vertex (Van Oosterom–Strackee).
        static func signedExcess(of vectors: [SphericalVector]) -> Double {
            guard vectors.count >= 4, let anchor = vectors.first else { return 0 }
            var total = 0.0
            for index in 1..<(vectors.count - 2) {
                let (b, c) = (vectors[index], vectors[index + 1])
                total += 2 * atan2(anchor.dot(b.cross(c)), 1 + anchor.dot(b) + b.dot(c) + c.dot(anchor))
            }
            return total
        }
    }

    /// Where a point lies relative to a polygon.
    enum Location {
        case interior, boundary, exterior
    }

    /// A polygon: outer ring first, then holes.
    struct Polygon {
        var rings: [Ring]

        /// Interior per the left-hand rule for the outer ring; a point inside any hole's small region is outside.
        func locate(_ vertex: Vertex) -> Location {
            for ring in self.rings {
                for arc in ring.arcs where SphericalShape.isOnArc(vertex.vector, arc) { return .boundary }
            }
            guard let outer = self.rings.first else { return .exterior }
            let inSmallRegion = outer.enclosesSmallRegion(vertex.vector)
            guard inSmallRegion == outer.isCounterClockwise else { return .exterior }
            for hole in self.rings.dropFirst() where hole.enclosesSmallRegion(vertex.vector) {
                return .exterior
            }
            return .interior
        }
    }

    var points: [Vertex] = []
    var paths: [[Vertex]] = []
    var polygons: [Polygon] = []

    init(_ geometry: GeoJSONGeometry) {
        switch geometry {
        case .point(let point):
            self.points = [Vertex(point)]
        case .lineString(let points):
            self.paths = [points.map(Vertex.init)]
        case .polygon(let rings):
            self.polygons = [Polygon(rings: rings.map(Ring.init))]
        case .multiPolygon(let polygons):
            self.polygons = polygons.map { Polygon(rings: $0.map(Ring.init)) }
        }
    }

    /// Every vertex: lone points, path vertices and ring vertices.
    var vertices: [Vertex] {
        self.points + self.paths.flatMap { $0 } + self.polygons.flatMap { $0.rings.flatMap(\.vertices) }
    }

    /// Every edge of the paths and rings.
    var arcs: [Arc] {
        self.paths.flatMap { path in zip(path, path.dropFirst()).map { Arc(start: $0, end: $1) } }
            + self.polygons.flatMap { $0.rings.flatMap(\.arcs) }
    }

    /// Lone points as zero-length arcs, then every edge: the elements distances are measured to.
    var distanceElements: [Arc] {
        self.points.map { Arc(start: $0, end: $0) } + self.arcs
    }

    var isPolygonal: Bool { !self.polygons.isEmpty && self.points.isEmpty && self.paths.isEmpty }

    /// Whether the shape contains `vertex`, boundary included.
    func covers(_ vertex: Vertex) -> Bool {
        if self.points.contains(where: { $0.vector.angle(to: vertex.vector) <= Self.tolerance }) { return true }
        for path in self.paths {
            for (start, end) in zip(path, path.dropFirst()) where Self.isOnArc(vertex.vector, Arc(start: start, end: end)) {
                return true
            }
        }
        return self.polygons.contains { $0.locate(vertex) != .exterior }
    }

    /// `ST_INTERSECTS`: some vertex of one shape lies in the other, or some edges cross or touch.
    func intersects(_ other: SphericalShape) -> Bool {
        if self.vertices.contains(where: other.covers) || other.vertices.contains(where: self.covers) { return true }
        let otherArcs = other.arcs
        for arc in self.arcs where otherArcs.contains(where: { Self.arcsIntersect(arc, $0) }) {
            return true
        }
        return false
    }

    /// `ST_WITHIN`: for a polygonal container, every vertex of this shape is in the container's interior, no edge
    /// crosses the container's boundary, and (for a polygonal shape) no boundary vertex of the container, such as a
    /// hole, lies inside this shape. Otherwise every vertex must lie on the container.
    func isWithin(_ container: SphericalShape) -> Bool {
        let vertices = self.vertices
        guard container.isPolygonal else { return vertices.allSatisfy(container.covers) }
        for vertex in vertices where !container.polygons.contains(where: { $0.locate(vertex) == .interior }) {
            return false
        }
        let boundary = container.arcs
        for arc in self.arcs where boundary.contains(where: { Self.arcsIntersect(arc, $0) }) {
            return false
        }
        if !self.polygons.isEmpty {
            for vertex in container.vertices where self.polygons.contains(where: { $0.locate(vertex) == .interior }) {
                return false
            }
        }
        return true
    }

    // MARK: Arc geometry

    /// Whether `vector` lies on `arc` (within ``tolerance``).
    static func isOnArc(_ vector: SphericalVector, _ arc: Arc) -> Bool {
        let normal = arc.start.vector.cross(arc.end.vector)
        if normal.length < 1e-15 { return arc.start.vector.angle(to: vector) <= self.tolerance }
        let unitNormal = normal.normalized
        guard abs(vector.dot(unitNormal)) <= self.tolerance else { return false }
        return self.isBetween(vector, arc, unitNormal: unitNormal, slack: self.tolerance)
    }

    /// Whether a point of the arc's great circle lies between its ends (the arc being shorter than a half circle).
    private static func isBetween(_ vector: SphericalVector, _ arc: Arc, unitNormal: SphericalVector, slack: Double) -> Bool {
        arc.start.vector.cross(vector).dot(unitNormal) >= -slack && vector.cross(arc.end.vector).dot(unitNormal) >= -slack
    }

    /// Whether two arcs cross or touch.
    static func arcsIntersect(_ first: Arc, _ second: Arc) -> Bool {
        let firstNormal = first.start.vector.cross(first.end.vector)
        let secondNormal = second.start.vector.cross(second.end.vector)
        if firstNormal.length < 1e-15 { return self.isOnArc(first.start.vector, second) }
        if secondNormal.length < 1e-15 { return self.isOnArc(second.start.vector, first) }
        let direction = firstNormal.cross(secondNormal)
        if direction.length < 1e-15 * firstNormal.length * secondNormal.length {
            // The same great circle: they meet when an end of one lies on the other.
            return self.isOnArc(first.start.vector, second) || self.isOnArc(first.end.vector, second)
                || self.isOnArc(second.start.vector, first) || self.isOnArc(second.end.vector, first)
        }
        let (firstUnit, secondUnit) = (firstNormal.normalized, secondNormal.normalized)
        let crossing = direction.normalized
        for candidate in [crossing, -crossing]
        where self.isBetween(candidate, first, unitNormal: firstUnit, slack: self.tolerance)
            && self.isBetween(candidate, second, unitNormal: secondUnit, slack: self.tolerance)
        {
            return true
        }
        return false
    }

    /// The angular distance (radians) from `vector` to the arc and the closest point of the arc.
    static func closestPoint(to vector: SphericalVector, on arc: Arc) -> (angle: Double, point: SphericalVector) {
        let (start, end) = (arc.start.vector, arc.end.vector)
        let normal = start.cross(end)
        if normal.length >= 1e-15 {
            let unitNormal = normal.normalized
            let projection = vector - unitNormal.scaled(vector.dot(unitNormal))
            if projection.length > 1e-15 {
                let foot = projection.normalized
                if self.isBetween(foot, arc, unitNormal: unitNormal, slack: 0) {
                    return (vector.angle(to: foot), foot)
                }
            }
        }
        let (toStart, toEnd) = (vector.angle(to: start), vector.angle(to: end))
        return toStart <= toEnd ? (toStart, start) : (toEnd, end)
    }
}
