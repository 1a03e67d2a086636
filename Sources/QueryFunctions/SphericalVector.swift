#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import DocumentStore

/// A point or direction in 3-D space, used for great-circle computations on the unit sphere.
struct SphericalVector: Sendable, Equatable {
    var x: Double
    var y: Double
    var z: Double

    init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The unit vector of a latitude and longitude in degrees.
    init(latitude: Double, longitude: Double) {
        let phi = latitude * .pi / 180
        let lambda = longitude * .pi / 180
        self.init(x: cos(phi) * cos(lambda), y: cos(phi) * sin(lambda), z: sin(phi))
    }

    /// The unit vector of a geodetic point, its latitude taken as a spherical latitude.
    init(_ point: GeoPoint) {
        self.init(latitude: point.latitude, longitude: point.longitude)
    }

    /// The point as latitude and longitude in degrees.
    var geoPoint: GeoPoint {
        let latitude = atan2(self.z, (self.x * self.x + self.y * self.y).squareRoot()) * 180 / .pi
        let longitude = atan2(self.y, self.x) * 180 / .pi
        return GeoPoint(longitude: longitude, latitude: latitude)
    }

    func dot(_ other: SphericalVector) -> Double {
        self.x * other.x + self.y * other.y + self.z * other.z
    }

    func cross(_ other: SphericalVector) -> SphericalVector {
        SphericalVector(x: self.y * other.z - self.z * other.y, y: self.z * other.x - self.x * other.z, z: self.x * other.y - self.y * other.x)
    }

    var length: Double { self.dot(self).squareRoot() }

    /// The unit vector in this direction (the zero vector stays zero).
    var normalized: SphericalVector {
        let length = self.length
        return length > 0 ? self.scaled(1 / length) : self
    }

    func scaled(_ factor: Double) -> SphericalVector {
        SphericalVector(x: self.x * factor, y: self.y * factor, z: self.z * factor)
    }

    static func - (lhs: SphericalVector, rhs: SphericalVector) -> SphericalVector {
        SphericalVector(x: lhs.x - rhs.x, y: lhs.y - rhs.y, z: lhs.z - rhs.z)
    }

    static prefix func - (vector: SphericalVector) -> SphericalVector {
        vector.scaled(-1)
    }

    /// The angle between two unit vectors in radians, accurate at every scale.
    func angle(to other: SphericalVector) -> Double {
        atan2(self.cross(other).length, self.dot(other))
    }
}
