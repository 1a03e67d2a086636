#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import DocumentStore

/// Geodesics on the WGS-84 ellipsoid by Vincenty's formulae: the inverse problem with the initial azimuth (which
/// `Geodesy.distance` does not expose) and the direct problem, so that points along a geodesic edge can be generated.
/// Both are accurate to well under a millimetre; the inverse iteration may fail to converge for nearly antipodal points,
/// in which case it answers `nil`.
enum EllipsoidalGeodesic {
    private static let a = Geodesy.semiMajorAxis
    private static let b = Geodesy.semiMinorAxis
    private static let f = Geodesy.flattening

    /// The geodesic from `first` to `second`: its length in metres and its azimuth at `first` (radians clockwise from
    /// north), or `nil` when Vincenty's iteration does not converge.
    static func inverse(_ first: GeoPoint, _ second: GeoPoint) -> (distance: Double, azimuth: Double)? {
        let lengthDifference = (second.longitude - first.longitude) * .pi / 180
        let u1 = atan((1 - f) * tan(first.latitude * .pi / 180))
        let u2 = atan((1 - f) * tan(second.latitude * .pi / 180))
        let (sinU1, cosU1) = (sin(u1), cos(u1))
        let (sinU2, cosU2) = (sin(u2), cos(u2))
        var lambda = lengthDifference
        for _ in 0..<200 {
            let (sinLambda, cosLambda) = (sin(lambda), cos(lambda))
            let crossTerm = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda
            let sinSigma = ((cosU2 * sinLambda) * (cosU2 * sinLambda) + crossTerm * crossTerm).squareRoot()
            if sinSigma == 0 { return (0, 0) }
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
                let (bigA, bigB) = self.seriesCoefficients(uSquared)
                let deltaSigma = bigB * sinSigma
                    * (cos2SigmaM + bigB / 4
                        * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) - bigB / 6 * cos2SigmaM
                            * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
                let azimuth = atan2(cosU2 * sin(lambda), cosU1 * sinU2 - sinU1 * cosU2 * cos(lambda))
                return (b * bigA * (sigma - deltaSigma), azimuth)
            }
        }
        return nil
    }

    /// The point `distance` metres from `start` along the geodesic leaving it at `azimuth` (radians from north).
    static func destination(from start: GeoPoint, azimuth: Double, distance: Double) -> GeoPoint {
        let (sinAlpha1, cosAlpha1) = (sin(azimuth), cos(azimuth))
        let tanU1 = (1 - f) * tan(start.latitude * .pi / 180)
        let cosU1 = 1 / (1 + tanU1 * tanU1).squareRoot()
        let sinU1 = tanU1 * cosU1
        let sigma1 = atan2(tanU1, cosAlpha1)
        let sinAlpha = cosU1 * sinAlpha1
        let cosSquaredAlpha = 1 - sinAlpha * sinAlpha
        let uSquared = cosSquaredAlpha * (a * a - b * b) / (b * b)
        let (bigA, bigB) = self.seriesCoefficients(uSquared)
        var sigma = distance / (b * bigA)
        var cos2SigmaM = cos(2 * sigma1 + sigma)
        for _ in 0..<100 {
            cos2SigmaM = cos(2 * sigma1 + sigma)
            let (sinSigma, cosSigma) = (sin(sigma), cos(sigma))
            let deltaSigma = bigB * sinSigma
                * (cos2SigmaM + bigB / 4
                    * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) - bigB / 6 * cos2SigmaM
                        * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
            let previous = sigma
            sigma = distance / (b * bigA) + deltaSigma
            if abs(sigma - previous) < 1e-12 { break }
        }
        let (sinSigma, cosSigma) = (sin(sigma), cos(sigma))
        cos2SigmaM = cos(2 * sigma1 + sigma)
        let x = sinU1 * sinSigma - cosU1 * cosSigma * cosAlpha1
        let latitude = atan2(sinU1 * cosSigma + cosU1 * sinSigma * cosAlpha1, (1 - f) * (sinAlpha * sinAlpha + x * x).squareRoot())
        let lambda = atan2(sinSigma * sinAlpha1, cosU1 * cosSigma - sinU1 * sinSigma * cosAlpha1)
        let c = f / 16 * cosSquaredAlpha * (4 + f * (4 - 3 * cosSquaredAlpha))
        let longitudeDifference = lambda - (1 - c) * f * sinAlpha
            * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
        var longitude = start.longitude + longitudeDifference * 180 / .pi
        longitude = (longitude + 540).truncatingRemainder(dividingBy: 360) - 180
        return GeoPoint(longitude: longitude, latitude: latitude * 180 / .pi)
    }

    /// Vincenty's A and B series in u².
    private static func seriesCoefficients(_ uSquared: Double) -> (Double, Double) {
        let bigA = 1 + uSquared / 16384 * (4096 + uSquared * (-768 + uSquared * (320 - 175 * uSquared)))
        let bigB = uSquared / 1024 * (256 + uSquared * (-128 + uSquared * (74 - 47 * uSquared)))
        return (bigA, bigB)
    }
}
