import Core

/// The polygons of the nearest-centre traffic zones: each zone's Voronoi cell on the city
/// plane, clipped to a box. Exact for a point set: a cell is the clip box cut by one
/// half-plane per other centre (the side nearer to its own centre), so a point of the box
/// lies in the cell of the zone ``TrafficModel/zoneIndex(at:)`` returns (up to ties on a
/// boundary). For maps and the GeoJSON export, not for the hot path.
public enum ZonePolygons {
    /// The cell of every centre, by index, clipped to the convex polygon `clip`
    /// (counter-clockwise); counter-clockwise, empty where the cell misses the clip polygon.
    /// Two equal centres: the lower index keeps the cell (ties go to the lower index).
    public static func cells(centers: [PlanePoint], clip: [PlanePoint]) -> [[PlanePoint]] {
        centers.indices.map { i in
            let c = centers[i]
            // Nearer centres cut more: clip by them first, and stop once the next centre is
            // so far that its bisector lies beyond every vertex of the cell so far.
            let others = centers.indices.filter { $0 != i }
                .sorted { (c.distance(to: centers[$0]), $0) < (c.distance(to: centers[$1]), $1) }
            var cell = clip
            for j in others {
                let gap = c.distance(to: centers[j])
                if gap == 0 {
                    if j < i { return [] }
                    continue
                }
                let reach = cell.map { c.distance(to: $0) }.max() ?? 0
                if gap / 2 > reach { break }
                cell = clipToNearer(cell, own: c, other: centers[j])
                if cell.isEmpty { break }
            }
            return cell
        }
    }

    /// The part of `polygon` nearer to `own` than to `other` (Sutherland–Hodgman, one edge).
    static func clipToNearer(_ polygon: [PlanePoint], own: PlanePoint, other: PlanePoint) -> [PlanePoint] {
        let nx = other.x - own.x, ny = other.y - own.y
        let mid = PlanePoint(x: (own.x + other.x) / 2, y: (own.y + other.y) / 2)
        func side(_ p: PlanePoint) -> Double { (p.x - mid.x) * nx + (p.y - mid.y) * ny }  // ≤ 0: keep
        var out: [PlanePoint] = []
        out.reserveCapacity(polygon.count + 1)
        for k in polygon.indices {
            let a = polygon[k], b = polygon[(k + 1) % polygon.count]
            let sa = side(a), sb = side(b)
            if sa <= 0 { out.append(a) }
            if (sa < 0 && sb > 0) || (sa > 0 && sb < 0) {
                out.append(a.interpolated(to: b, fraction: sa / (sa - sb)))
            }
        }
        return out.count >= 3 ? out : []
    }

    /// The axis-aligned box (counter-clockwise from the lower-left corner) that holds the
    /// city disc of `radius` metres and every point of `covering`, grown by `margin` metres.
    public static func box(radius: Double, covering: [PlanePoint], margin: Double = 100) -> [PlanePoint] {
        var minX = -radius, minY = -radius, maxX = radius, maxY = radius
        for p in covering where p.x.isFinite && p.y.isFinite {
            minX = min(minX, p.x); maxX = max(maxX, p.x)
            minY = min(minY, p.y); maxY = max(maxY, p.y)
        }
        minX -= margin; minY -= margin; maxX += margin; maxY += margin
        return [PlanePoint(x: minX, y: minY), PlanePoint(x: maxX, y: minY),
                PlanePoint(x: maxX, y: maxY), PlanePoint(x: minX, y: maxY)]
    }

    /// The traffic zones of `model` as map shapes (by zone id; zones whose cell misses the
    /// box are left out), clipped to ``box(radius:covering:margin:)`` of the city and `covering`.
    public static func shapes(of model: TrafficModel, covering: [PlanePoint]) -> [ZoneShape] {
        let clip = box(radius: model.cityRadiusMeters, covering: covering)
        let rings = cells(centers: model.zoneCenters, clip: clip)
        return zip(model.table.zones, rings).compactMap { zone, ring in
            ring.isEmpty ? nil : ZoneShape(id: String(zone.id), polygons: [[ring.map { model.projection.unproject($0) }]])
        }
    }
}
