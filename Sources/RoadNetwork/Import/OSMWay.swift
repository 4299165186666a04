/// The tags of an OpenStreetMap element, in file order.
///
/// Elements carry a handful of tags, so a linear search beats hashing.
public struct OSMTags: Sendable, Equatable {
    /// The (key, value) pairs as read.
    public var pairs: [(key: String, value: String)]

    /// Creates tags from (key, value) pairs.
    public init(_ pairs: [(key: String, value: String)] = []) {
        self.pairs = pairs
    }

    /// The value of `key`, or nil when the element has no such tag (the first wins if repeated).
    public subscript(key: String) -> String? {
        pairs.first { $0.key == key }?.value
    }

    /// Tags compare by their pairs in order.
    public static func == (lhs: OSMTags, rhs: OSMTags) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.key == $1.key && $0.value == $1.value }
    }
}

/// One coordinate in OpenStreetMap's fixed-point form: 1e-7 degrees (about 1 cm), the
/// precision of the OSM database. XML and PBF readers both round to it, so the same data in
/// either format yields bit-identical coordinates.
public struct FixedCoordinate: Sendable, Equatable {
    /// Latitude in units of 1e-7 degrees.
    public var lat: Int64
    /// Longitude in units of 1e-7 degrees.
    public var lon: Int64

    /// Creates a coordinate from 1e-7-degree units.
    public init(lat: Int64, lon: Int64) {
        self.lat = lat
        self.lon = lon
    }

    /// Latitude in degrees.
    public var latDegrees: Double { Double(lat) / 1e7 }
    /// Longitude in degrees.
    public var lonDegrees: Double { Double(lon) / 1e7 }
}

/// A source of OpenStreetMap elements read in two passes: ways first (to learn which nodes
/// the road graph needs), then nodes (to keep only the coordinates of those), so a city of a
/// few million nodes never needs all of them in memory.
protocol OSMElementSource {
    /// Calls `body` with each way's id, node ids and tags, in file order.
    func forEachWay(_ body: (_ id: Int64, _ refs: [Int64], _ tags: OSMTags) throws -> Void) throws
    /// Calls `body` with each node's id and coordinate, in file order.
    func forEachNode(_ body: (_ id: Int64, _ coordinate: FixedCoordinate) throws -> Void) throws
}
