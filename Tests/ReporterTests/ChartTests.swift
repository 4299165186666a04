import Testing
@testable import Reporter

@Suite("SVG charts")
struct ChartTests {
    @Test("axes get round ticks that cover the data")
    func niceTicks() {
        let a = ChartAxis(min: 0, max: 7.3)
        #expect(a.ticks == [0, 2, 4, 6, 8])
        #expect(a.decimals == 0)
        let b = ChartAxis(min: 0, max: 1)
        #expect(b.ticks.map { b.label($0) } == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let c = ChartAxis(min: 0, max: 17.1, target: 8)
        #expect(c.ticks == [0, 2.5, 5, 7.5, 10, 12.5, 15, 17.5])
        #expect(c.label(2.5) == "2.5")
        let d = ChartAxis(min: -4.2, max: 37.9)
        #expect(d.ticks == [-10, 0, 10, 20, 30, 40])
        let flat = ChartAxis(min: 1, max: 1)
        #expect(flat.lo <= 1 && flat.hi > 1)
        #expect(ChartAxis(min: 0, max: 0).ticks.last == 1)
        #expect(a.position(4, from: 100, to: 300) == 200)
    }

    @Test("text is escaped for HTML and SVG")
    func escaping() {
        #expect(xml("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
    }

    @Test("a line chart draws one path per series and breaks lines at missing values")
    func lineChart() {
        let chart = LineChart(id: "x", title: "T <1>", xLabel: "x", yLabel: "y", series: [
            LineSeries(name: "a", points: [(0, 1), (1, nil), (2, 3), (3, 4)]),
            LineSeries(name: "b", points: [(0, 2), (3, 2)], step: true),
        ])
        let svg = chart.svg
        #expect(svg.components(separatedBy: "<path class=\"series\"").count - 1 == 2)
        #expect(svg.contains("T &lt;1&gt;"))
        // Series a: a move, then (after the gap) a new move and a line.
        let a = svg.components(separatedBy: "<path class=\"series\" d=\"")[1].prefix { $0 != "\"" }
        #expect(a.filter { $0 == "M" }.count == 2 && a.filter { $0 == "L" }.count == 1)
        let b = svg.components(separatedBy: "<path class=\"series\" d=\"")[2].prefix { $0 != "\"" }
        #expect(b.contains("H") && b.contains("V"))
    }

    @Test("bar charts draw a bar per present value, and say so when there is no data")
    func barChart() {
        let chart = BarChart(id: "b", title: "t", xLabel: "x", yLabel: "y", categories: ["0", "1", "2"],
                             groups: [("g", [1, nil, -2]), ("h", [3, 4, 5])])
        #expect(chart.svg.components(separatedBy: "<rect class=\"bar\"").count - 1 == 5)
        let empty = BarChart(id: "e", title: "t", xLabel: "x", yLabel: "y", categories: ["0"], groups: [("g", [nil])])
        #expect(empty.svg.contains("no data"))
    }

    @Test("ETA error groups: bias, MAE and MAPE of known pickups")
    func etaError() {
        var e = EtaError()
        #expect(e.bias == nil && e.mape == nil)
        e.add(quoted: 100, actual: 110)
        e.add(quoted: 100, actual: 80)
        e.add(quoted: 10, actual: 0)
        #expect(e.pickups == 3)
        #expect(e.bias == (10 - 20 - 10) / 3.0)
        #expect(e.mae == 40 / 3.0)
        #expect(abs(e.mape! - (100 * 10 / 110.0 + 100 * 20 / 80.0) / 2) < 1e-12)
    }

    @Test("nearest-rank percentiles")
    func percentiles() {
        #expect(nearestRank([1, 2, 3, 4], 50) == 2)
        #expect(nearestRank([1, 2, 3, 4], 51) == 3)
        #expect(nearestRank([1, 2, 3, 4], 100) == 4)
        #expect(nearestRank([5], 0) == 5)
        #expect(nearestRank([], 50) == nil)
    }
}

@Suite("HTML report parts")
struct HTMLPartsTests {
    @Test("summary units come from the column names")
    func units() {
        #expect(HTMLReport.unit("wait_p90_s") == "s")
        #expect(HTMLReport.unit("events_per_s") == "1/s")
        #expect(HTMLReport.unit("trips_per_driver_hour") == "1/h")
        #expect(HTMLReport.unit("revenue_per_driver_hour") == "currency/h")
        #expect(HTMLReport.unit("decision_latency_p999_us") == "µs")
        #expect(HTMLReport.unit("driver_idle_h") == "h")
        #expect(HTMLReport.unit("deadhead_km") == "km")
        #expect(HTMLReport.unit("pickup_eta_mape_pct") == "%")
        #expect(HTMLReport.unit("match_rate") == "")
    }
}
