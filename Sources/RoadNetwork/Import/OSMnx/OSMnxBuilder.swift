import Core

/// What an OSMnx graph may leave out, and what ridematch assumes then (docs/networks.md).
public enum OSMnxDefaults {
    /// The road class of an edge whose `highway` is missing or not a drivable class: its
    /// speeds come from that class's row of the class speed table.
    public static let roadClass = "unclassified"
}

/// Turns an ``OSMnxGraph`` into a ``RoadGraph``: checks every value, keeps node ids as given,
/// drops self-loops and all but one of parallel edges (the shortest; then the faster, the
/// lower `osmid`, the lower key), then keeps the largest strongly connected component.
///
/// Per edge: `length` (m) or else the distance between its ends; road class = the first
/// drivable `highway` value or ``OSMnxDefaults/roadClass``; speed limit = the lowest parseable
/// `maxspeed`; way id = the first `osmid`; own time = `travel_time` (s), or else `length` ÷
/// `speed_kph` (or `speed_kmph`), or none.
enum OSMnxBuilder {
    private struct Edge {
        var source: Int32, target: Int32, length: Double, seconds: Double?
        var roadClass: UInt8, maxspeed: Double?, wayID: Int64, key: Int64
    }

    private static let classIndices = Dictionary(uniqueKeysWithValues:
        DrivableFilter.roadClasses.enumerated().map { ($1, UInt8($0)) })

    /// Builds the road graph of `source`.
    /// - Throws: ``NetworkImportError`` naming `displayPath`, the line or element and the field.
    static func build(_ source: OSMnxGraph, displayPath: String) throws -> RoadGraph {
        func fail(_ line: Int?, _ field: String, _ message: String) -> NetworkImportError {
            NetworkImportError(file: displayPath, line: line, field: field, message: message)
        }
        guard !source.nodes.isEmpty else { throw NetworkImportError(file: displayPath, message: "no nodes") }
        var stats = ImportStatistics()
        stats.nodesRead = source.nodes.count
        stats.edgesRead = source.edges.count
        // Nodes: coordinates, in id order.
        var nodes: [(id: Int64, coordinate: FixedCoordinate, line: Int?, element: String)] = []
        nodes.reserveCapacity(source.nodes.count)
        for node in source.nodes {
            var fixed: [Int64] = []
            for (name, limit, meaning) in [("y", 90.0, "latitude"), ("x", 180.0, "longitude")] {
                guard let value = node.attributes[name] else {
                    throw fail(node.line, "\(node.element): \(name)", "missing (a node needs x = longitude and y = latitude)")
                }
                guard let degrees = value.number, degrees.isFinite, abs(degrees) <= limit else {
                    throw fail(node.line, "\(node.element): \(name)", "must be a \(meaning) in -\(Int(limit))…\(Int(limit)), got \(value.shown)")
                }
                fixed.append(Int64((degrees * 1e7).rounded()))
            }
            nodes.append((node.id, FixedCoordinate(lat: fixed[0], lon: fixed[1]), node.line, node.element))
        }
        nodes.sort { $0.id < $1.id }
        for i in nodes.indices.dropFirst() where nodes[i].id == nodes[i - 1].id {
            throw fail(nodes[i].line, nodes[i].element, "node id \(nodes[i].id) appears twice")
        }
        let ids = nodes.map(\.id)
        func index(_ id: Int64) -> Int? {
            var low = 0, high = ids.count
            while low < high {
                let mid = (low + high) / 2
                if ids[mid] < id { low = mid + 1 } else { high = mid }
            }
            return low < ids.count && ids[low] == id ? low : nil
        }
        func point(_ i: Int) -> GeoPoint {
            GeoPoint(lat: nodes[i].coordinate.latDegrees, lon: nodes[i].coordinate.lonDegrees)
        }
        // Edges: checked values, no self-loops.
        var edges: [Edge] = []
        edges.reserveCapacity(source.edges.count)
        for edge in source.edges {
            let where_ = edge.element
            guard let s = index(edge.u) else { throw fail(edge.line, "\(where_): source", "no node \(edge.u) in the file") }
            guard let t = index(edge.v) else { throw fail(edge.line, "\(where_): target", "no node \(edge.v) in the file") }
            let a = edge.attributes
            var length: Double
            if let value = a["length"], value != .null {
                guard let meters = value.number, meters.isFinite, meters >= 0 else {
                    throw fail(edge.line, "\(where_): length", "must be a number of metres >= 0, got \(value.shown)")
                }
                length = meters
            } else {
                length = point(s).haversineMeters(to: point(t))
                stats.lengthsFromCoordinates += 1
            }
            var seconds: Double?
            if let value = a["travel_time"], value != .null {
                guard let time = value.number, time.isFinite, time > 0 || (time == 0 && length == 0) else {
                    throw fail(edge.line, "\(where_): travel_time", "must be a number of seconds > 0, got \(value.shown)")
                }
                seconds = time
            } else if let (name, value) = ["speed_kph", "speed_kmph"].lazy.compactMap({ n in a[n].map { (n, $0) } }).first, value != .null {
                guard let kmh = value.number, kmh.isFinite, kmh > 0 else {
                    throw fail(edge.line, "\(where_): \(name)", "must be a speed in km/h > 0, got \(value.shown)")
                }
                seconds = length * 3.6 / kmh
            }
            if s == t {
                stats.selfLoopsDropped += 1
                continue
            }
            let roadClass = a["highway"]?.items.lazy.compactMap { classIndices[$0] }.first
            if roadClass == nil { stats.defaultClassEdges += 1 }
            let maxspeed = a["maxspeed"]?.items.compactMap(DrivableFilter.parseMaxspeed).min()
            let wayID = a["osmid"]?.items.lazy.compactMap { Int64($0) }.first ?? 0
            edges.append(Edge(source: Int32(s), target: Int32(t), length: length, seconds: seconds,
                              roadClass: roadClass ?? classIndices[OSMnxDefaults.roadClass]!, maxspeed: maxspeed,
                              wayID: wayID, key: edge.key))
        }
        edges.sort {
            ($0.source, $0.target, $0.length, $0.seconds ?? .infinity, $0.wayID, $0.key)
                < ($1.source, $1.target, $1.length, $1.seconds ?? .infinity, $1.wayID, $1.key)
        }
        let (unique, parallel) = ParallelEdges.firstOfEach(edges, source: \.source, target: \.target)
        stats.parallelEdgesDropped += parallel
        guard !unique.isEmpty else {
            throw NetworkImportError(file: displayPath, message: "no road left: \(source.edges.count) edges, none between two different nodes")
        }
        // The largest strongly connected component.
        let kept = LargestComponent.keep(nodeCount: nodes.count, sources: unique.map(\.source), targets: unique.map(\.target))
        stats.nodesBeforeSCC = kept.nodesWithEdges
        stats.edgesBeforeSCC = unique.count
        stats.components = kept.components
        var graph = RoadGraph()
        for i in nodes.indices where kept.finalIndex[i] >= 0 {
            graph.osmIDs.append(nodes[i].id)
            graph.coordinates.append(nodes[i].coordinate)
        }
        for edge in unique {
            let s = kept.finalIndex[Int(edge.source)], t = kept.finalIndex[Int(edge.target)]
            guard s >= 0, t >= 0 else { continue }
            graph.sources.append(s)
            graph.targets.append(t)
            graph.lengths.append(edge.length)
            graph.classes.append(edge.roadClass)
            graph.maxspeeds.append(edge.maxspeed)
            graph.wayIDs.append(edge.wayID)
            graph.sourceSeconds.append(edge.seconds)
        }
        stats.droppedNodes = kept.nodesWithEdges - graph.osmIDs.count
        stats.droppedEdges = unique.count - graph.sources.count
        graph.statistics = stats
        return graph
    }
}
