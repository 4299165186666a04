import Core
import Foundation

/// The frame of a map: an equirectangular view of a lat/lon box (longitudes scaled by the
/// cosine of the mid latitude, so a kilometre is as long east as north) onto SVG pixels.
public struct MapFrame: Sendable, Equatable {
    /// SVG size of the drawing area, pixels.
    public let width: Double, height: Double
    let minLon: Double, maxLat: Double, scale: Double, cosLat: Double
    /// Metres per pixel.
    public let metersPerPixel: Double

    /// A frame holding every point of `shapes` (or a small box around `fallback`), `width` pixels wide.
    public init(shapes: [ZoneShape], fallback: GeoPoint, width: Double = 520) {
        let points = shapes.flatMap { $0.polygons.flatMap { $0.flatMap { $0 } } }
        var minLat = points.map(\.lat).min() ?? fallback.lat - 0.05, maxLat = points.map(\.lat).max() ?? fallback.lat + 0.05
        var minLon = points.map(\.lon).min() ?? fallback.lon - 0.05, maxLon = points.map(\.lon).max() ?? fallback.lon + 0.05
        if maxLat - minLat < 1e-6 { minLat -= 0.01; maxLat += 0.01 }
        if maxLon - minLon < 1e-6 { minLon -= 0.01; maxLon += 0.01 }
        cosLat = cos((minLat + maxLat) / 2 * Double.pi / 180)
        self.width = width
        scale = width / ((maxLon - minLon) * cosLat)
        height = ((maxLat - minLat) * scale).rounded(.up)
        self.minLon = minLon
        self.maxLat = maxLat
        metersPerPixel = earthRadiusMeters * Double.pi / 180 / scale
    }

    /// SVG coordinates of a point.
    public func xy(_ p: GeoPoint) -> (x: Double, y: Double) {
        ((p.lon - minLon) * cosLat * scale, (maxLat - p.lat) * scale)
    }

    /// An SVG path (`d`) of the shape's rings, coordinates to 0.1 px.
    public func path(_ shape: ZoneShape) -> String {
        var d = ""
        for ring in shape.polygons.flatMap({ $0 }) where ring.count >= 3 {
            for (i, p) in ring.enumerated() {
                let (x, y) = xy(p)
                d += (i == 0 ? "M" : "L") + Format.fixed(x, 1) + " " + Format.fixed(y, 1)
            }
            d += "Z"
        }
        return d
    }

    /// A distance scale bar (1, 2 or 5 × 10ᵏ metres, about a quarter of the width) at the lower left.
    public func scaleBar(y: Double) -> String {
        let target = width / 4 * metersPerPixel
        let magnitude = pow(10, log10(target).rounded(.down))
        let meters = [5, 2, 1].map { $0 * magnitude }.first { $0 <= target } ?? magnitude
        let pixels = meters / metersPerPixel
        let label = meters >= 1000 ? Format.fixed(meters / 1000, meters >= 10_000 ? 0 : (meters.truncatingRemainder(dividingBy: 1000) == 0 ? 0 : 1)) + " km" : Format.fixed(meters, 0) + " m"
        return "<g class=\"scale\"><path d=\"M10 \(Format.fixed(y - 4, 1))V\(Format.fixed(y, 1))H\(Format.fixed(10 + pixels, 1))V\(Format.fixed(y - 4, 1))\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\"/>"
            + "<text x=\"\(Format.fixed(14 + pixels, 1))\" y=\"\(Format.fixed(y, 1))\" class=\"tick\">\(label)</text></g>\n"
    }
}

/// A colour scale of a choropleth: seven classes of equal width between two ends.
public struct MapScale: Sendable, Equatable {
    /// Sequential (light = low, dark = high: viridis).
    public static let sequential = ["#fde725", "#a0da39", "#4ac16d", "#1fa187", "#277f8e", "#365c8d", "#46327e"]
    /// Diverging (blue = below zero, red = above).
    public static let diverging = ["#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"]
    /// Colour of a zone without a value.
    public static let noData = "#e4e4e4"

    /// The ends of the scale.
    public let lo: Double, hi: Double
    /// The class colours, low to high.
    public let colors: [String]

    /// A sequential scale over the values' range, or a diverging one symmetric about 0.
    public init(values: [Double], diverging: Bool = false) {
        let finite = values.filter(\.isFinite)
        if diverging {
            let m = max(finite.map { abs($0) }.max() ?? 1, 1e-9)
            lo = -m
            hi = m
            colors = Self.diverging
        } else {
            lo = finite.min() ?? 0
            hi = max(finite.max() ?? 1, lo + 1e-9)
            colors = Self.sequential
        }
    }

    /// The colour of `value` (``noData`` for nil).
    public func color(_ value: Double?) -> String {
        guard let value, value.isFinite else { return Self.noData }
        let k = Int(((value - lo) / (hi - lo) * Double(colors.count)).rounded(.down))
        return colors[min(colors.count - 1, max(0, k))]
    }

    /// Class boundaries, `colors.count + 1` values from `lo` to `hi`.
    public var bounds: [Double] { (0...colors.count).map { lo + (hi - lo) * Double($0) / Double(colors.count) } }
}

/// A choropleth of zones as a self-contained SVG: zones filled by value, road lines
/// underneath when given, a legend of the colour classes, a distance scale, and a tooltip
/// (`<title>`) with each zone's numbers.
public struct ZoneMap: Sendable {
    /// Element id.
    public var id: String
    /// Title above the map.
    public var title: String
    /// Unit of the legend, e.g. "s".
    public var unit: String
    /// Decimals of the legend labels.
    public var decimals: Int
    /// The zones.
    public var shapes: [ZoneShape]
    /// The value coloured, by zone id.
    public var values: [String: Double]
    /// Tooltip text by zone id (the zone's numbers).
    public var tooltips: [String: String]
    /// A diverging scale centred on 0 (differences) instead of a sequential one.
    public var diverging = false
    /// Road centre lines drawn under the zones (a run with a road network), lat/lon polylines.
    public var roads: [[GeoPoint]] = []

    /// The SVG text.
    public func svg(frame: MapFrame) -> String {
        let scale = MapScale(values: Array(values.values), diverging: diverging)
        let legendHeight = 46.0
        let top = 28.0
        let totalHeight = top + frame.height + legendHeight
        var s = "<svg class=\"map\" id=\"\(id)\" viewBox=\"0 0 \(Format.fixed(frame.width, 0)) \(Format.fixed(totalHeight, 0))\" width=\"\(Format.fixed(frame.width, 0))\" height=\"\(Format.fixed(totalHeight, 0))\" role=\"img\" aria-label=\"\(xml(title))\">\n"
        s += "<text x=\"4\" y=\"18\" class=\"title\">\(xml(title))</text>\n"
        s += "<g transform=\"translate(0 \(Format.fixed(top, 0)))\">\n"
        s += Self.roadLayer(roads, frame: frame)
        s += "<g class=\"zones\">\n"
        for shape in shapes {
            let value = values[shape.id]
            s += "<path class=\"zone\" data-zone=\"\(xml(shape.id))\" d=\"\(frame.path(shape))\" fill=\"\(scale.color(value))\"><title>\(xml(tooltips[shape.id] ?? "zone \(shape.id): no data"))</title></path>\n"
        }
        s += "</g>\n" + frame.scaleBar(y: frame.height - 8) + "</g>\n"
        s += legend(scale, y: top + frame.height + 8, width: frame.width)
        return s + "</svg>\n"
    }

    /// Road lines (thin grey), or nothing.
    static func roadLayer(_ roads: [[GeoPoint]], frame: MapFrame) -> String {
        guard !roads.isEmpty else { return "" }
        var d = ""
        for line in roads where line.count >= 2 {
            for (i, p) in line.enumerated() {
                let (x, y) = frame.xy(p)
                d += (i == 0 ? "M" : "L") + Format.fixed(x, 1) + " " + Format.fixed(y, 1)
            }
        }
        return "<path class=\"roads\" d=\"\(d)\" fill=\"none\" stroke=\"#9a9a9a\" stroke-width=\"0.6\"/>\n"
    }

    private func legend(_ scale: MapScale, y: Double, width: Double) -> String {
        let box = min(56.0, (width - 140) / Double(scale.colors.count)), left = 24.0
        var s = "<g class=\"legend\">"
        for (i, color) in scale.colors.enumerated() {
            s += "<rect class=\"key\" x=\"\(Format.fixed(left + Double(i) * box, 1))\" y=\"\(Format.fixed(y, 1))\" width=\"\(Format.fixed(box, 1))\" height=\"12\" fill=\"\(color)\" stroke=\"#999\" stroke-width=\"0.5\"/>"
        }
        for (i, b) in scale.bounds.enumerated() {
            s += "<text x=\"\(Format.fixed(left + Double(i) * box, 1))\" y=\"\(Format.fixed(y + 26, 1))\" class=\"tick\" text-anchor=\"middle\">\(Format.fixed(b, decimals))</text>"
        }
        let x = left + Double(scale.colors.count) * box + 16
        s += "<text x=\"\(Format.fixed(x, 1))\" y=\"\(Format.fixed(y + 10, 1))\" class=\"tick\">\(xml(unit))</text>"
        s += "<rect x=\"\(Format.fixed(x, 1))\" y=\"\(Format.fixed(y + 16, 1))\" width=\"12\" height=\"10\" fill=\"\(MapScale.noData)\" stroke=\"#999\" stroke-width=\"0.5\"/>"
        s += "<text x=\"\(Format.fixed(x + 16, 1))\" y=\"\(Format.fixed(y + 25, 1))\" class=\"tick\">no data</text>"
        return s + "</g>\n"
    }
}
