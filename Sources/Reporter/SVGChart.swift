import Foundation

/// Colours of chart series, in order (colour-blind-safe Tableau 10).
public enum ChartPalette {
    /// The colours, as CSS hex.
    public static let colors = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#9c755f", "#edc948"]

    /// The colour of series `index`, wrapping around.
    public static func color(_ index: Int) -> String { colors[index % colors.count] }
}

/// A linear axis with "nice" round ticks (1, 2, 2.5 or 5 × 10ᵏ) that covers a data range.
public struct ChartAxis: Sendable, Equatable {
    /// The axis ends.
    public let lo: Double, hi: Double
    /// Tick values, ascending, from `lo` to `hi`.
    public let ticks: [Double]
    /// Decimals to print the ticks with.
    public let decimals: Int

    /// An axis covering [min, max] with about `target` ticks; a zero-width or empty range widens to one unit.
    public init(min dataMin: Double, max dataMax: Double, target: Int = 5) {
        var a = dataMin.isFinite ? dataMin : 0, b = dataMax.isFinite ? dataMax : 1
        if b < a { swap(&a, &b) }
        if b - a < 1e-12 { b = a + (a == 0 ? 1 : abs(a) * 0.1) }
        let raw = (b - a) / Double(Swift.max(1, target))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = (a / step).rounded(.down) * step, last = (b / step).rounded(.up) * step
        lo = first
        hi = last
        let count = Int(((last - first) / step).rounded())
        ticks = (0...count).map { first + Double($0) * step }
        let digits = -Int(log10(step).rounded(.down)) + (step / magnitude == 2.5 ? 1 : 0)
        decimals = Swift.min(4, Swift.max(0, digits))
    }

    /// Where `value` falls between `from` (at `lo`) and `to` (at `hi`).
    public func position(_ value: Double, from: Double, to: Double) -> Double {
        from + (value - lo) / (hi - lo) * (to - from)
    }

    /// A tick label.
    public func label(_ value: Double) -> String { Format.fixed(value, decimals) }
}

/// Frame of a chart: size, margins, title, axis titles and legend, shared by every chart type.
struct ChartFrame {
    var width = 600.0, height = 320.0
    var title: String, xLabel: String, yLabel: String
    var legend: [LegendItem]
    var left = 64.0, right = 20.0, bottom = 52.0
    var top: Double { legend.count > 1 ? 40 + 16 * Double(legendRows.count) + 4 : 40 }
    var plotLeft: Double { left }
    var plotRight: Double { width - right }
    var plotTop: Double { top }
    var plotBottom: Double { height - bottom }

    /// Opening tag, background, title, legend and axis titles.
    func open(id: String) -> String {
        var s = "<svg class=\"chart\" id=\"\(xml(id))\" role=\"img\" aria-label=\"\(xml(title))\" "
        s += "width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\">\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
        s += "<text class=\"title\" x=\"\(n(plotLeft))\" y=\"22\">\(xml(title))</text>\n"
        if legend.count > 1 {
            for (row, items) in legendRows.enumerated() {
                let y = 34 + 16 * Double(row)
                for (x, item) in items {
                    if item.line {
                        s += "<line x1=\"\(n(x))\" x2=\"\(n(x + 16))\" y1=\"\(n(y + 5))\" y2=\"\(n(y + 5))\" stroke=\"\(item.color)\" "
                        s += "stroke-width=\"2.5\"\(item.dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
                    } else {
                        s += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"14\" height=\"10\" fill=\"\(item.color)\"/>"
                    }
                    s += "<text class=\"legend\" x=\"\(n(x + 20))\" y=\"\(n(y + 9))\">\(xml(item.name))</text>\n"
                }
            }
        }
        s += "<text class=\"axis-title\" x=\"\(n((plotLeft + plotRight) / 2))\" y=\"\(n(height - 10))\" text-anchor=\"middle\">\(xml(xLabel))</text>\n"
        let cy = (plotTop + plotBottom) / 2
        s += "<text class=\"axis-title\" x=\"16\" y=\"\(n(cy))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(n(cy)))\">\(xml(yLabel))</text>\n"
        return s
    }

    /// Legend items laid out in rows that fit the plot width: (x, item) per row.
    var legendRows: [[(Double, LegendItem)]] {
        var rows: [[(Double, LegendItem)]] = [[]]
        var x = plotLeft
        for item in legend {
            let width = 32 + Double(item.name.count) * 6.4
            if x + width > plotRight && !rows[rows.count - 1].isEmpty {
                rows.append([])
                x = plotLeft
            }
            rows[rows.count - 1].append((x, item))
            x += width
        }
        return rows
    }

    /// Horizontal grid lines and y tick labels.
    func yAxis(_ axis: ChartAxis) -> String {
        var s = ""
        for t in axis.ticks {
            let y = axis.position(t, from: plotBottom, to: plotTop)
            s += "<line class=\"grid\" x1=\"\(n(plotLeft))\" x2=\"\(n(plotRight))\" y1=\"\(n(y))\" y2=\"\(n(y))\"/>"
            s += "<text class=\"tick\" x=\"\(n(plotLeft - 6))\" y=\"\(n(y + 4))\" text-anchor=\"end\">\(axis.label(t))</text>\n"
        }
        s += "<line class=\"axis\" x1=\"\(n(plotLeft))\" x2=\"\(n(plotLeft))\" y1=\"\(n(plotTop))\" y2=\"\(n(plotBottom))\"/>\n"
        s += "<line class=\"axis\" x1=\"\(n(plotLeft))\" x2=\"\(n(plotRight))\" y1=\"\(n(plotBottom))\" y2=\"\(n(plotBottom))\"/>\n"
        return s
    }

    /// A tick mark and label on the x axis at `x`.
    func xTick(_ x: Double, _ label: String) -> String {
        "<line class=\"axis\" x1=\"\(n(x))\" x2=\"\(n(x))\" y1=\"\(n(plotBottom))\" y2=\"\(n(plotBottom + 5))\"/>"
            + "<text class=\"tick\" x=\"\(n(x))\" y=\"\(n(plotBottom + 18))\" text-anchor=\"middle\">\(xml(label))</text>\n"
    }
}

/// One entry of a chart legend: a line swatch (solid or dashed) or a filled box.
struct LegendItem {
    var name: String
    var color: String
    var line = false
    var dashed = false
}

/// One line of a ``LineChart``.
public struct LineSeries: Sendable {
    /// Legend name.
    public var name: String
    /// Points in x order; a nil y breaks the line.
    public var points: [(x: Double, y: Double?)]
    /// Draw as a step function (each value holds until the next x), as for a CDF.
    public var step: Bool
    /// Palette index of the colour; nil: the series' position.
    public var color: Int?
    /// Draw dashed.
    public var dashed: Bool
    /// Error bars (e.g. 95 % confidence intervals): a vertical whisker from `lo` to `hi` at `x`.
    public var intervals: [(x: Double, lo: Double, hi: Double)]

    /// Creates a series.
    public init(name: String, points: [(x: Double, y: Double?)], step: Bool = false, color: Int? = nil, dashed: Bool = false,
                intervals: [(x: Double, lo: Double, hi: Double)] = []) {
        self.name = name
        self.points = points
        self.step = step
        self.color = color
        self.dashed = dashed
        self.intervals = intervals
    }
}

/// A line chart with linear axes, grid, ticks, axis titles and a legend, drawn as SVG.
public struct LineChart: Sendable {
    /// Element id, title and axis titles.
    public var id: String, title: String, xLabel: String, yLabel: String
    /// The lines.
    public var series: [LineSeries]
    /// Fixed y range (e.g. 0…1 for a CDF); nil: from 0 (or the data minimum if negative) to the data maximum.
    public var yRange: (Double, Double)?
    /// Fixed x range (e.g. 0 to the horizon); nil: the data's range.
    public var xRange: (Double, Double)?
    /// Labelled x ticks (e.g. categories at 0, 1, 2, …); nil: round numbers over the x range.
    public var xTicks: [(x: Double, label: String)]?

    /// Creates a chart.
    public init(id: String, title: String, xLabel: String, yLabel: String, series: [LineSeries],
                yRange: (Double, Double)? = nil, xRange: (Double, Double)? = nil, xTicks: [(x: Double, label: String)]? = nil) {
        self.id = id
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.yRange = yRange
        self.xRange = xRange
        self.xTicks = xTicks
    }

    /// The SVG element.
    public var svg: String {
        let xs = series.flatMap { $0.points.map(\.x) } + (xTicks ?? []).map(\.x)
        let ys = series.flatMap { $0.points.compactMap(\.y) + $0.intervals.flatMap { [$0.lo, $0.hi] } }
        let xAxis = xRange.map { ChartAxis(min: $0.0, max: $0.1, target: 8) } ?? ChartAxis(min: xs.min() ?? 0, max: xs.max() ?? 1, target: 8)
        let yAxis = yRange.map { ChartAxis(min: $0.0, max: $0.1) } ?? ChartAxis(min: min(0, ys.min() ?? 0), max: ys.max() ?? 1)
        func color(_ i: Int) -> String { ChartPalette.color(series[i].color ?? i) }
        let frame = ChartFrame(title: title, xLabel: xLabel, yLabel: yLabel, legend: series.indices.map {
            LegendItem(name: series[$0].name, color: color($0), line: true, dashed: series[$0].dashed)
        })
        var s = frame.open(id: id) + frame.yAxis(yAxis)
        let ticks = xTicks ?? xAxis.ticks.map { ($0, xAxis.label($0)) }
        for t in ticks { s += frame.xTick(xAxis.position(t.x, from: frame.plotLeft, to: frame.plotRight), t.label) }
        if ys.isEmpty {
            s += "<text class=\"empty\" x=\"\(n((frame.plotLeft + frame.plotRight) / 2))\" y=\"\(n((frame.plotTop + frame.plotBottom) / 2))\" text-anchor=\"middle\">no data</text>\n"
        }
        for (i, line) in series.enumerated() {
            var d = "", pen = false
            for p in line.points {
                guard let yv = p.y else { pen = false; continue }
                let x = xAxis.position(p.x, from: frame.plotLeft, to: frame.plotRight)
                let y = yAxis.position(yv, from: frame.plotBottom, to: frame.plotTop)
                if !pen { d += "M\(n(x)) \(n(y))" } else if line.step { d += "H\(n(x))V\(n(y))" } else { d += "L\(n(x)) \(n(y))" }
                pen = true
            }
            for bar in line.intervals {
                let x = xAxis.position(bar.x, from: frame.plotLeft, to: frame.plotRight)
                let lo = yAxis.position(bar.lo, from: frame.plotBottom, to: frame.plotTop)
                let hi = yAxis.position(bar.hi, from: frame.plotBottom, to: frame.plotTop)
                s += "<path class=\"interval\" d=\"M\(n(x)) \(n(lo))V\(n(hi))M\(n(x - 4)) \(n(lo))H\(n(x + 4))M\(n(x - 4)) \(n(hi))H\(n(x + 4))\" "
                s += "stroke=\"\(color(i))\" fill=\"none\" stroke-width=\"1.5\"/>\n"
            }
            guard !d.isEmpty else { continue }
            let dash = line.dashed ? " stroke-dasharray=\"6 4\"" : ""
            s += "<path class=\"series\" d=\"\(d)\" stroke=\"\(color(i))\"\(dash)><title>\(xml(line.name))</title></path>\n"
        }
        return s + "</svg>\n"
    }
}

/// A bar chart: one bar per category and group, groups side by side, drawn as SVG.
public struct BarChart: Sendable {
    /// Element id, title and axis titles.
    public var id: String, title: String, xLabel: String, yLabel: String
    /// Category labels along x.
    public var categories: [String]
    /// Named groups of values, one value per category (nil: no bar).
    public var groups: [(name: String, values: [Double?])]

    /// Creates a chart.
    public init(id: String, title: String, xLabel: String, yLabel: String, categories: [String], groups: [(name: String, values: [Double?])]) {
        self.id = id
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.categories = categories
        self.groups = groups
    }

    /// The SVG element.
    public var svg: String {
        let values = groups.flatMap { $0.values.compactMap { $0 } }
        let yAxis = ChartAxis(min: min(0, values.min() ?? 0), max: max(0, values.max() ?? 1))
        let frame = ChartFrame(title: title, xLabel: xLabel, yLabel: yLabel,
                               legend: groups.enumerated().map { LegendItem(name: $0.element.name, color: ChartPalette.color($0.offset)) })
        var s = frame.open(id: id) + frame.yAxis(yAxis)
        let slot = (frame.plotRight - frame.plotLeft) / Double(max(1, categories.count))
        let barWidth = slot * 0.8 / Double(max(1, groups.count))
        let every = max(1, Int((Double(categories.count) / 16).rounded(.up)))
        let zeroY = yAxis.position(0, from: frame.plotBottom, to: frame.plotTop)
        for (c, label) in categories.enumerated() {
            let x0 = frame.plotLeft + Double(c) * slot + slot * 0.1
            if c % every == 0 { s += frame.xTick(frame.plotLeft + (Double(c) + 0.5) * slot, label) }
            for (g, group) in groups.enumerated() {
                guard c < group.values.count, let v = group.values[c] else { continue }
                let y = yAxis.position(v, from: frame.plotBottom, to: frame.plotTop)
                s += "<rect class=\"bar\" x=\"\(n(x0 + Double(g) * barWidth))\" y=\"\(n(min(y, zeroY)))\" width=\"\(n(max(0.5, barWidth - 1)))\" "
                s += "height=\"\(n(abs(zeroY - y)))\" fill=\"\(ChartPalette.color(g))\"><title>\(xml(group.name)) · \(xml(label)): \(Format.fixed(v, 3))</title></rect>\n"
            }
        }
        if values.isEmpty {
            s += "<text class=\"empty\" x=\"\(n((frame.plotLeft + frame.plotRight) / 2))\" y=\"\(n((frame.plotTop + frame.plotBottom) / 2))\" text-anchor=\"middle\">no data</text>\n"
        }
        s += "<line class=\"axis\" x1=\"\(n(frame.plotLeft))\" x2=\"\(n(frame.plotRight))\" y1=\"\(n(zeroY))\" y2=\"\(n(zeroY))\"/>\n"
        return s + "</svg>\n"
    }
}

/// A coordinate with one decimal.
func n(_ x: Double) -> String { Format.fixed(x, 1) }

/// Text escaped for XML/HTML content and attributes.
func xml(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.count)
    for c in s {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}
