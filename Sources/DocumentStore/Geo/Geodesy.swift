#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Distances on the WGS-84 ellipsoid, in metres.
///
/// The model is Vincenty's inverse formula on WGS-84 (a = 6,378,137 m, f = 1/298.257223563), accurate to well under
/// a millimetre wherever it converges. For nearly antipodal points, where the iteration does not converge, the
/// distance falls back to Lambert's formula (the great-circle distance corrected for flattening), which agrees with
/// the ellipsoid to about 0.01 %. Spatial indexes use only conservative bounding boxes derived from these bounds; the
/// exact test is always this distance.
public enum Geodesy {
    public static let semiMajorAxis = 6_378_137.0
    public static let flattening = 1 / 298.257223563
    public static let semiMinorAxis = semiMajorAxis * (1 - flattening)

    /// Metres along the ellipsoid between two points (the geodesic distance).
    public static func distance(_ first: GeoPoint, _ second: GeoPoint) -> Double {
        if first == second { return 0 }
        return self.vincenty(first, second) ?? self.lambert(first, second)
    }

    private static func vincenty(_ first: GeoPoint, _ second: GeoPoint) -> Double? {
        let a = self.semiMajorAxis
        let b = self.semiMinorAxis
        let f = self.flattening
        let lengthDifference = (second.longitude - first.longitude) * .pi / 180
        let u1 = atan((1 - f) * tan(first.latitude * .pi / 180))
        let u2 = atan((1 - f) * tan(second.latitude * .pi / 180))
        let (sinU1, cosU1) = (sin(u1), cos(u1))
        let (sinU2, cosU2) = (sin(u2), cos(u2))
        var lambda = lengthDifference
        for _ in 0..<200 {
            let (sinLambda, cosLambda) = (sin(lambda), cos(lambda))
            let sinSigma = sqrt(
                (cosU2 * sinLambda) * (cosU2 * sinLambda)
                    + (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda) * (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda)
            )
            if sinSigma == 0 { return 0 }
            let cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda
            let sigma = atan2(sinSigma, cosSigma)
            let sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma
            let cosSquaredAlpha = 1 - sinAlpha * sinAlpha
            let cos2SigmaM = cosSquaredAlpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cosSquaredAlpha : 0
            let c = f / 16 * cosSquaredAlpha * (4 + f * (4 - 3 * cosSquaredAlpha))
            let previous = lambda
            lambda = lengthDifference + (1 - c) * f * sinAlpha
                * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
            if abs(lambda - previous) < 1e-12 {
                let uSquared = cosSquaredAlpha * (a * a - b * b) / (b * b)
                let bigA = 1 + uSquared / 16384 * (4096 + uSquared * (-768 + uSquared * (320 - 175 * uSquared)))
                let bigB = uSquared / 1024 * (256 + uSquared * (-128 + uSquared * (74 - 47 * uSquared)))
                let deltaSigma = bigB * sinSigma
                    * (cos2SigmaM + bigB / 4
                        * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) - bigB / 6 * cos2SigmaM
                            * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
                return b * bigA * (sigma - deltaSigma)
            }
        }
        return nil
    }

    /// Lambert's formula: great-circle distance on parametric latitudes, corrected to first order in flattening.
    private static func lambert(_ first: GeoPoint, _ second: GeoPoint) -> Double {
        let f = self.flattening
        let beta1 = atan((1 - f) * tan(first.latitude * .pi / 180))
        let beta2 = atan((1 - f) * tan(second.latitude * .pi / 180))
        let deltaLambda = (second.longitude - first.longitude) * .pi / 180
        let centralAngle = acos(max(-1, min(1, sin(beta1) * sin(beta2) + cos(beta1) * cos(beta2) * cos(deltaLambda))))
        guard centralAngle > 0 else { return 0 }
        let p = (beta1 + beta2) / 2
        let q = (beta2 - beta1) / 2
        let x = (centralAngle - sin(centralAngle)) * (sin(p) * sin(p) * cos(q) * cos(q)) / (cos(centralAngle / 2) * cos(centralAngle / 2))
        let sinHalf = sin(centralAngle / 2)
        let y = sinHalf == 0 ? 0 : (centralAngle + sin(centralAngle)) * (cos(p) * cos(p) * sin(q) * sin(q)) / (sinHalf * sinHalf)
        return self.semiMajorAxis * (centralAngle - f / 2 * (x + y))
    }

    /// A latitude/longitude box that certainly contains every point within `radius` metres of `center`.
    public static func boundingBox(around center: GeoPoint, radius: Double) -> GeoBoundingBox {
        // The shortest degree of latitude is 110,574 m (at the equator); divide by it and add 1 % for safety.
        let latitudeSpan = radius / 110_574 * 1.01
        let south = center.latitude - latitudeSpan
        let north = center.latitude + latitudeSpan
        if south <= -90 || north >= 90 {
            return GeoBoundingBox(south: max(south, -90), north: min(north, 90), west: -180, east: 180)
        }
        // A degree of longitude is at least 111,319.49 m * cos(latitude) on the ellipsoid.
        let widestLatitude = max(abs(south), abs(north)) * .pi / 180
        let longitudeSpan = radius / (111_319.49 * cos(widestLatitude)) * 1.01
        if longitudeSpan >= 180 {
            return GeoBoundingBox(south: south, north: north, west: -180, east: 180)
        }
        return GeoBoundingBox(south: south, north: north, west: center.longitude - longitudeSpan, east: center.longitude + longitudeSpan)
    }
}

/// A latitude band and a longitude interval, in degrees. `west` may be below -180 or `east` above 180 when the box
/// crosses the antimeridian; ``longitudeIntervals`` splits it.
public struct GeoBoundingBox: Sendable, Hashable {
    public var south: Double
    public var north: Double
    public var west: Double
    public var east: Double

    public init(south: Double, north: Double, west: Double, east: Double) {
        self.south = south
        self.north = north
        self.west = west
        self.east = east
    }

    /// The box of a set of points (no antimeridian handling: for polygons given in GeoJSON order).
    public init?(points: [GeoPoint]) {
        guard let first = points.first else { return nil }
        var box = GeoBoundingBox(south: first.latitude, north: first.latitude, west: first.longitude, east: first.longitude)
        for point in points.dropFirst() {
            box.south = min(box.south, point.latitude)
            box.north = max(box.north, point.latitude)
            box.west = min(box.west, point.longitude)
            box.east = max(box.east, point.longitude)
        }
        self = box
    }

    /// The longitude intervals within [-180, 180] the box covers.
    public var longitudeIntervals: [ClosedRange<Double>] {
        if self.east - self.west >= 360 { return [-180...180] }
        var intervals: [ClosedRange<Double>] = []
        if self.west < -180 {
            intervals.append((self.west + 360)...180)
            intervals.append(-180...min(self.east, 180))
        } else if self.east > 180 {
            intervals.append(max(self.west, -180)...180)
            intervals.append(-180...(self.east - 360))
        } else {
            intervals.append(self.west...self.east)
        }
        return intervals
    }

    public func contains(_ point: GeoPoint) -> Bool {
        guard point.latitude >= self.south && point.latitude <= self.north else { return false }
        return self.longitudeIntervals.contains { $0.contains(point.longitude) }
    }
}
