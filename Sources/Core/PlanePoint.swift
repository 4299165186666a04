import Foundation

/// A position on the city's local plane, in metres east (`x`) and north (`y`) of the city centre.
///
/// The engine and the simulator work in plane coordinates: distances are one square root,
/// and the spatial index cells are squares of metres.
public struct PlanePoint: Hashable, Sendable {
    /// Metres east of the projection centre.
    public var x: Double
    /// Metres north of the projection centre.
    public var y: Double

    /// Creates a point from metres east and north of the centre.
    @inlinable public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// The centre of the plane.
    public static let zero = PlanePoint(x: 0, y: 0)

    /// Straight-line distance in metres.
    @inlinable public func distance(to other: PlanePoint) -> Double {
        let dx = other.x - x
        let dy = other.y - y
        return (dx * dx + dy * dy).squareRoot()
    }

    /// The point a fraction `t` (0…1) of the way from `self` to `other`.
    @inlinable public func interpolated(to other: PlanePoint, fraction t: Double) -> PlanePoint {
        PlanePoint(x: x + (other.x - x) * t, y: y + (other.y - y) * t)
    }

    /// Distance from the centre of the plane, in metres.
    @inlinable public var norm: Double { (x * x + y * y).squareRoot() }
}

/// An equirectangular projection around a centre: accurate to well under 0.1 % over a
/// city (tens of kilometres), and cheap enough for every ping.
public struct LocalProjection: Sendable, Equatable {
    /// The point that maps to (0, 0).
    public let center: GeoPoint
    private let metersPerDegreeLat: Double
    private let metersPerDegreeLon: Double

    /// Creates the projection centred on `center`.
    public init(center: GeoPoint) {
        self.center = center
        metersPerDegreeLat = earthRadiusMeters * Double.pi / 180
        metersPerDegreeLon = metersPerDegreeLat * cos(center.lat * Double.pi / 180)
    }

    /// Plane coordinates of a geographic point.
    @inlinable public func project(_ p: GeoPoint) -> PlanePoint {
        PlanePoint(x: (p.lon - center.lon) * lonScale, y: (p.lat - center.lat) * latScale)
    }

    /// Geographic coordinates of a plane point.
    @inlinable public func unproject(_ p: PlanePoint) -> GeoPoint {
        GeoPoint(lat: center.lat + p.y / latScale, lon: center.lon + p.x / lonScale)
    }

    @usableFromInline var latScale: Double { metersPerDegreeLat }
    @usableFromInline var lonScale: Double { metersPerDegreeLon }
}
