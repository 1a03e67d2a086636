#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DocumentStore
import JSON
@testable import QueryFunctions
import Testing

@Suite struct SpatialFunctionsTests {
    static func point(_ longitude: Double, _ latitude: Double) -> JSONValue {
        ["type": "Point", "coordinates": [.double(longitude), .double(latitude)]]
    }

    static func lineString(_ positions: [(Double, Double)]) -> JSONValue {
        ["type": "LineString", "coordinates": .array(positions.map { [.double($0.0), .double($0.1)] })]
    }

    static func polygon(_ rings: [[(Double, Double)]]) -> JSONValue {
        ["type": "Polygon", "coordinates": .array(rings.map { .array($0.map { [.double($0.0), .double($0.1)] }) })]
    }

    static func degrees(_ degrees: Double, _ minutes: Double, _ seconds: Double) -> Double {
        degrees + minutes / 60 + seconds / 3600
    }

    /// Flinders Peak and Buninyong (Vincenty 1975's worked example): 54,972.271 m apart.
    static let flindersPeak = GeoPoint(longitude: degrees(144, 25, 29.52440), latitude: -degrees(37, 57, 3.72030))
    static let buninyong = GeoPoint(longitude: degrees(143, 55, 35.38390), latitude: -degrees(37, 39, 10.15610))

    /// A 10° square listed counter-clockwise, with a 2° hole listed clockwise, as GeoJSON asks.
    static let squareWithHole = polygon([
        [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)],
        [(4, 4), (4, 6), (6, 6), (6, 4), (4, 4)],
    ])

    @Test func pointDistanceMatchesVincentyReference() throws {
        let p = Self.flindersPeak
        let q = Self.buninyong
        let distance = try #require(number(try call("ST_DISTANCE", Self.point(p.longitude, p.latitude), Self.point(q.longitude, q.latitude))))
        #expect(abs(distance - 54_972.271) < 0.001)
    }

    @Test func geodesicHelpersReproduceVincentysWorkedExample() throws {
        let (length, azimuth) = try #require(EllipsoidalGeodesic.inverse(Self.flindersPeak, Self.buninyong))
        #expect(abs(length - 54_972.271) < 0.001)
        // Initial azimuth 306°52′05.37″.
        #expect(abs((azimuth * 180 / .pi + 360) - Self.degrees(306, 52, 5.37)) < 1e-5)
        let destination = EllipsoidalGeodesic.destination(from: Self.flindersPeak, azimuth: azimuth, distance: length)
        #expect(abs(destination.latitude - Self.buninyong.latitude) < 1e-9)
        #expect(abs(destination.longitude - Self.buninyong.longitude) < 1e-9)
        // Points generated along the geodesic lie on it: the two parts add up to the whole.
        for fraction in [0.1, 0.37, 0.5, 0.93] {
            let middle = EllipsoidalGeodesic.destination(from: Self.flindersPeak, azimuth: azimuth, distance: length * fraction)
            let sum = Geodesy.distance(Self.flindersPeak, middle) + Geodesy.distance(middle, Self.buninyong)
            #expect(abs(sum - length) < 0.001)
        }
    }

    /// The smallest `Geodesy.distance` from `point` to `curve(t)`, t in 0...1, by dense sampling then refinement.
    static func bruteForceDistance(_ point: GeoPoint, along curve: (Double) -> GeoPoint) -> Double {
        var bestT = 0.0
        var best = Double.infinity
        for step in 0...20_000 {
            let t = Double(step) / 20_000
            let distance = Geodesy.distance(point, curve(t))
            if distance < best { (best, bestT) = (distance, t) }
        }
        var width = 1.0 / 20_000
        for _ in 0..<60 {
            for t in [bestT - width, bestT + width] where (0...1).contains(t) {
                let distance = Geodesy.distance(point, curve(t))
                if distance < best { (best, bestT) = (distance, t) }
            }
            width /= 2
        }
        return best
    }

    /// The brute-force distance from `point` to the geodesic edge from `start` to `end`.
    static func bruteForceDistance(_ point: GeoPoint, toEdge start: GeoPoint, _ end: GeoPoint) throws -> Double {
        let (length, azimuth) = try #require(EllipsoidalGeodesic.inverse(start, end))
        return self.bruteForceDistance(point) { EllipsoidalGeodesic.destination(from: start, azimuth: azimuth, distance: length * $0) }
    }

    @Test func distanceToAMeridianEdgeMatchesVincenty() throws {
        // Meridians are geodesics, so the reference samples the edge exactly.
        let target = GeoPoint(longitude: 0.5, latitude: 10)
        let line = Self.lineString([(0, 0), (0, 20)])
        let distance = try #require(number(try call("ST_DISTANCE", Self.point(target.longitude, target.latitude), line)))
        let reference = Self.bruteForceDistance(target) { GeoPoint(longitude: 0, latitude: 20 * $0) }
        #expect(abs(distance - reference) / reference < 1e-6)
        #expect(abs(distance - 54_829) < 100)
    }

    @Test func distanceToAnEquatorEdgeMatchesVincenty() throws {
        // The equator is a geodesic for arcs this short (about 100 km).
        let target = GeoPoint(longitude: 10.3, latitude: 0.4)
        let line = Self.lineString([(10, 0), (10.9, 0)])
        let distance = try #require(number(try call("ST_DISTANCE", line, Self.point(target.longitude, target.latitude))))
        let reference = Self.bruteForceDistance(target) { GeoPoint(longitude: 10 + 0.9 * $0, latitude: 0) }
        #expect(abs(distance - reference) / reference < 1e-6)
    }

    @Test func distanceToAnObliqueEdgeMatchesVincenty() throws {
        // The 55 km Flinders Peak–Buninyong geodesic, and points a few kilometres off it and beyond its ends.
        let (length, azimuth) = try #require(EllipsoidalGeodesic.inverse(Self.flindersPeak, Self.buninyong))
        let line = Self.lineString([(Self.flindersPeak.longitude, Self.flindersPeak.latitude), (Self.buninyong.longitude, Self.buninyong.latitude)])
        let targets = [
            GeoPoint(longitude: 144.2, latitude: -37.75), GeoPoint(longitude: 144.1, latitude: -37.9),
            GeoPoint(longitude: 143.8, latitude: -37.6), GeoPoint(longitude: 144.17, latitude: -37.801),
        ]
        for target in targets {
            let distance = try #require(number(try call("ST_DISTANCE", Self.point(target.longitude, target.latitude), line)))
            let reference = Self.bruteForceDistance(target) {
                EllipsoidalGeodesic.destination(from: Self.flindersPeak, azimuth: azimuth, distance: length * $0)
            }
            #expect(abs(distance - reference) <= max(0.001, reference * 1e-6), "\(target): \(distance) vs \(reference)")
        }
    }

    @Test func distanceToPolygonsIsZeroInsideAndToTheNearestEdgeOutside() throws {
        #expect(try call("ST_DISTANCE", Self.point(2, 2), Self.squareWithHole) == 0)
        #expect(try call("ST_DISTANCE", Self.squareWithHole, Self.point(0, 5)) == 0)
        // In the hole: the distance to the nearest of the hole's four geodesic edges. The southern edge, which bulges
        // north toward the point, is nearer than the meridians and nearer than its own midpoint's parallel.
        let center = GeoPoint(longitude: 5, latitude: 5)
        let inHole = try #require(number(try call("ST_DISTANCE", Self.point(5, 5), Self.squareWithHole)))
        let corners = [(4.0, 4.0), (4, 6), (6, 6), (6, 4), (4, 4)].map { GeoPoint(longitude: $0.0, latitude: $0.1) }
        let reference = try zip(corners, corners.dropFirst()).map { try Self.bruteForceDistance(center, toEdge: $0, $1) }.min() ?? 0
        #expect(abs(inHole - reference) / reference < 1e-6)
        #expect(inHole < Geodesy.distance(center, GeoPoint(longitude: 5, latitude: 4)))
        #expect(inHole < Geodesy.distance(center, GeoPoint(longitude: 4, latitude: 5)))
        // West of the square: the nearest edge is the meridian at longitude 0.
        let west = try #require(number(try call("ST_DISTANCE", Self.point(-1, 5), Self.squareWithHole)))
        let westReference = Self.bruteForceDistance(GeoPoint(longitude: -1, latitude: 5)) { GeoPoint(longitude: 0, latitude: 10 * $0) }
        #expect(abs(west - westReference) / westReference < 1e-6)
        // Between shapes.
        let lineOutside = Self.lineString([(-3, 5), (-1, 5)])
        let lineDistance = try #require(number(try call("ST_DISTANCE", lineOutside, Self.squareWithHole)))
        #expect(abs(lineDistance - westReference) / westReference < 1e-6)
        #expect(try call("ST_DISTANCE", Self.lineString([(-3, 5), (3, 5)]), Self.squareWithHole) == 0)
    }

    @Test func pointInPolygonWithAHole() throws {
        #expect(try call("ST_WITHIN", Self.point(2, 2), Self.squareWithHole) == true)
        #expect(try call("ST_WITHIN", Self.point(5, 5), Self.squareWithHole) == false)
        #expect(try call("ST_WITHIN", Self.point(20, 20), Self.squareWithHole) == false)
        #expect(try call("ST_WITHIN", Self.point(-170, -5), Self.squareWithHole) == false)
        // On the boundary: intersects, but not within.
        #expect(try call("ST_WITHIN", Self.point(0, 5), Self.squareWithHole) == false)
        #expect(try call("ST_INTERSECTS", Self.point(0, 5), Self.squareWithHole) == true)
        #expect(try call("ST_INTERSECTS", Self.point(4, 5), Self.squareWithHole) == true)
        #expect(try call("ST_INTERSECTS", Self.point(5, 5), Self.squareWithHole) == false)
        // A hole listed counter-clockwise is still a hole.
        let holeCounterClockwise = Self.polygon([[(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)], [(4, 4), (6, 4), (6, 6), (4, 6), (4, 4)]])
        #expect(try call("ST_WITHIN", Self.point(5, 5), holeCounterClockwise) == false)
        #expect(try call("ST_WITHIN", Self.point(8, 8), holeCounterClockwise) == true)
    }

    @Test func withinMatchesTheDocumentedExample() throws {
        // ST_WITHIN page: the headquarters point is within the campus polygon.
        let campus = Self.polygon([[
            (-122.13236581015025, 47.64606476313813), (-122.13221982500913, 47.633757091363975),
            (-122.11840598103835, 47.641749416109235), (-122.12061400629656, 47.64589264786028),
            (-122.13236581015025, 47.64606476313813),
        ]])
        #expect(try call("ST_WITHIN", Self.point(-122.12824857332558, 47.6395516675712), campus) == true)
        #expect(try call("ST_WITHIN", Self.point(-122.14, 47.6395516675712), campus) == false)
    }

    @Test func clockwiseRingsEncloseTheRestOfTheGlobe() throws {
        // Left-hand rule, as the service documents: a clockwise ring is the inverse of the region it circles.
        let clockwise = Self.polygon([[(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)]])
        #expect(try call("ST_WITHIN", Self.point(5, 5), clockwise) == false)
        #expect(try call("ST_WITHIN", Self.point(50, 50), clockwise) == true)
        let smallArea = try #require(number(try call("ST_AREA", Self.polygon([[(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]]))))
        let inverseArea = try #require(number(try call("ST_AREA", clockwise)))
        let earth = 4 * Double.pi * SpatialFunctions.authalicRadius * SpatialFunctions.authalicRadius
        #expect(abs(smallArea + inverseArea - earth) / earth < 1e-12)
    }

    @Test func degenerateRingsEncloseNothing() throws {
        let flat = Self.polygon([[(0, 0), (1, 0), (2, 0), (0, 0)]])
        #expect(try call("ST_ISVALID", flat) == true)
        #expect(try call("ST_WITHIN", Self.point(50, 50), flat) == false)
        #expect(try call("ST_INTERSECTS", Self.point(1, 0), flat) == true)
        #expect(try call("ST_AREA", flat) == 0)
    }

    @Test func withinForLinesAndPolygons() throws {
        #expect(try call("ST_WITHIN", Self.lineString([(1, 1), (3, 3)]), Self.squareWithHole) == true)
        #expect(try call("ST_WITHIN", Self.lineString([(1, 1), (5, 5)]), Self.squareWithHole) == false)
        #expect(try call("ST_WITHIN", Self.lineString([(1, 5), (9, 5)]), Self.squareWithHole) == false)
        let inner = Self.polygon([[(1, 1), (3, 1), (3, 3), (1, 3), (1, 1)]])
        #expect(try call("ST_WITHIN", inner, Self.squareWithHole) == true)
        let aroundHole = Self.polygon([[(3, 3), (7, 3), (7, 7), (3, 7), (3, 3)]])
        #expect(try call("ST_WITHIN", aroundHole, Self.squareWithHole) == false)
        let multi: JSONValue = ["type": "MultiPolygon", "coordinates": [
            [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]], [[[20, 20], [21, 20], [21, 21], [20, 21], [20, 20]]],
        ]]
        #expect(try call("ST_WITHIN", Self.point(20.5, 20.5), multi) == true)
        #expect(try call("ST_WITHIN", Self.point(10, 10), multi) == false)
        #expect(try call("ST_WITHIN", Self.point(1, 1), Self.point(1, 1)) == true)
    }

    @Test func intersectsBetweenEveryKind() throws {
        #expect(try call("ST_INTERSECTS", Self.lineString([(-1, 5), (11, 5)]), Self.squareWithHole) == true)
        #expect(try call("ST_INTERSECTS", Self.lineString([(-1, -1), (-1, 11)]), Self.squareWithHole) == false)
        #expect(try call("ST_INTERSECTS", Self.lineString([(0, 0), (2, 2)]), Self.lineString([(0, 2), (2, 0)])) == true)
        #expect(try call("ST_INTERSECTS", Self.lineString([(0, 0), (2, 0)]), Self.lineString([(0, 1), (2, 1)])) == false)
        #expect(try call("ST_INTERSECTS", Self.lineString([(0, 0), (2, 0)]), Self.lineString([(1, 0), (3, 0)])) == true)
        #expect(try call("ST_INTERSECTS", Self.point(1, 0), Self.lineString([(0, 0), (2, 0)])) == true)
        #expect(try call("ST_INTERSECTS", Self.point(1, 1), Self.point(1, 1)) == true)
        #expect(try call("ST_INTERSECTS", Self.point(1, 1), Self.point(1, 2)) == false)
        let overlapping = Self.polygon([[(9, 9), (12, 9), (12, 12), (9, 12), (9, 9)]])
        #expect(try call("ST_INTERSECTS", overlapping, Self.squareWithHole) == true)
        let enclosing = Self.polygon([[(-5, -5), (15, -5), (15, 15), (-5, 15), (-5, -5)]])
        #expect(try call("ST_INTERSECTS", Self.squareWithHole, enclosing) == true)
        let disjoint = Self.polygon([[(20, 20), (21, 20), (21, 21), (20, 21), (20, 20)]])
        #expect(try call("ST_INTERSECTS", disjoint, Self.squareWithHole) == false)
        // Across the antimeridian.
        let acrossDateLine = Self.lineString([(179, 1), (-179, 1)])
        #expect(try call("ST_INTERSECTS", acrossDateLine, Self.lineString([(180, 0), (180, 2)])) == true)
    }

    @Test func validityMatchesTheDocumentedExamples() throws {
        // ST_ISVALID page: the Atlanta point is valid, latitude -184.38... is not.
        let valid = Self.point(-84.38876194345323, 33.75682784306348)
        let invalid = Self.point(133.75682784306348, -184.38876194345323)
        #expect(try call("ST_ISVALID", valid) == true)
        #expect(try call("ST_ISVALID", invalid) == false)
        // ST_ISVALIDDETAILED page.
        #expect(try call("ST_ISVALIDDETAILED", valid) == ["valid": true])
        #expect(try call("ST_ISVALIDDETAILED", invalid) == ["valid": false, "reason": "Latitude values must be between -90 and 90 degrees."])
    }

    @Test func validityReasons() throws {
        let openRing = Self.polygon([[(0, 0), (1, 0), (1, 1), (0, 1)]])
        let shortRing = Self.polygon([[(0, 0), (1, 0), (0, 0)]])
        let cases: [(JSONValue, String)] = [
            (Self.point(181, 0), "Longitude values must be between -180 and 180 degrees."),
            (openRing, "A Polygon ring must be closed: its first and last positions must be the same."),
            (shortRing, "A Polygon ring must have at least four positions."),
            (Self.lineString([(0, 0)]), "A LineString must have at least two positions."),
            (["type": "Circle", "coordinates": [0, 0]], "Unsupported GeoJSON type 'Circle'; expected Point, LineString, Polygon or MultiPolygon."),
            (["type": "Point"], "A GeoJSON geometry must have an array 'coordinates' member."),
            (["type": "Point", "coordinates": [1]], "A position must be an array of at least two numbers: longitude, latitude."),
            (["type": "Polygon", "coordinates": []], "A Polygon must have at least one ring."),
            ("POINT(0 0)", "A GeoJSON geometry must be an object."),
        ]
        for (value, reason) in cases {
            #expect(try call("ST_ISVALIDDETAILED", value) == ["valid": false, "reason": .string(reason)], "\(value)")
            #expect(try call("ST_ISVALID", value) == false)
            #expect(try call("ST_DISTANCE", value, Self.point(0, 0)) == nil)
            #expect(try call("ST_WITHIN", Self.point(0, 0), value) == nil)
            #expect(try call("ST_INTERSECTS", value, value) == nil)
        }
        #expect(try call("ST_ISVALID", ["type": "Point", "coordinates": [1, 2, 3]]) == true)
        #expect(try call("ST_ISVALID", undefined) == nil)
    }

    @Test func areaMatchesTheDocumentedExample() throws {
        // ST_AREA page: 735970283.0522614 square metres.
        let polygon = Self.polygon([[(31.8, -5), (32, -5), (32, -4.7), (31.8, -4.7), (31.8, -5)]])
        let area = try #require(number(try call("ST_AREA", polygon)))
        #expect(abs(area - 735_970_283.0522614) / 735_970_283.0522614 < 1e-8, "\(area)")
        #expect(try call("ST_AREA", Self.point(1, 1)) == 0)
        #expect(try call("ST_AREA", Self.lineString([(0, 0), (1, 1)])) == 0)
        let withHole = try #require(number(try call("ST_AREA", Self.squareWithHole)))
        let outer = try #require(number(try call("ST_AREA", Self.polygon([[(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]]))))
        let hole = try #require(number(try call("ST_AREA", Self.polygon([[(4, 4), (6, 4), (6, 6), (4, 6), (4, 4)]]))))
        #expect(abs(withHole - (outer - hole)) < 1)
    }

    @Test func areaOfALatitudeBandMatchesTheEllipsoid() throws {
        // A ring around the North Pole along the 80° parallel in 0.01° steps (great circles between such close points
        // hug the parallel), against the exact ellipsoidal area of the cap north of 80°: 2π R_q² (1 - sin β(80°)).
        var ring: [(Double, Double)] = []
        for longitude in stride(from: -180.0, through: 180.0, by: 0.01) { ring.append((longitude, 80)) }
        ring[ring.count - 1] = ring[0]
        let area = try #require(number(try call("ST_AREA", Self.polygon([ring]))))
        let beta = SpatialFunctions.authalicLatitude(80) * .pi / 180
        let radius = SpatialFunctions.authalicRadius
        let cap = 2 * Double.pi * radius * radius * (1 - sin(beta))
        #expect(abs(area - cap) / cap < 1e-4, "\(area) vs \(cap)")
    }
}
