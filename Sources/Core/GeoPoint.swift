import Foundation

/// A position on the Earth in WGS-84 degrees, as riders, drivers and traffic zones are given.
public struct GeoPoint: Hashable, Sendable, Codable {
    /// Latitude in degrees, −90…90.
    public var lat: Double
    /// Longitude in degrees, −180…180.
    public var lon: Double

    /// Creates a point from latitude and longitude in degrees.
    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// Whether both coordinates are finite and within their ranges.
    public var isValid: Bool {
        lat.isFinite && lon.isFinite && (-90...90).contains(lat) && (-180...180).contains(lon)
    }

    /// Great-circle distance in metres (haversine, mean Earth radius).
    public func haversineMeters(to other: GeoPoint) -> Double {
        let rad = Double.pi / 180
        let dLat = (other.lat - lat) * rad
        let dLon = (other.lon - lon) * rad
        let a = sin(dLat / 2) * sin(dLat / 2)
            + cos(lat * rad) * cos(other.lat * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * earthRadiusMeters * asin(min(1, a.squareRoot()))
    }
}

/// Mean Earth radius in metres.
public let earthRadiusMeters = 6_371_008.8
