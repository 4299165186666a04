import Core
import Foundation
import Testing

/// Maps and GeoJSON of a run on a road network: the street layer under the maps and the
/// replay, trip_routes.csv, and trips.geojson with the road route of each completed trip.
@Suite("Maps of a run on a road network")
struct NetworkMapsTests {
    @Test("report.html draws the roads; trips.geojson has each trip's road route from pickup to drop-off")
    func roadRoutes() throws {
        #expect(try installGeoJSONPackage() == 0, "cannot install the PyPI geojson package")
        let folder = try NetworkRunTests.networkFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let yaml = smallScenarioYAML(name: "roads", drivers: 40, rate: 900, extra: "matching: {strategy: nearest, max_pickup_eta: 6m}")
            .replacingOccurrences(of: "  radius_km: 3\n", with: "  radius_km: 2\n  network: grid.sqlite\n")
        let path = try writeScenario(yaml, in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try ridematch(["run", path, "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = out.appendingPathComponent("roads/nearest")
        let html = try String(contentsOf: report.appendingPathComponent("report.html"), encoding: .utf8)
        // Four zone maps and the replay each draw the street layer.
        #expect(html.components(separatedBy: "<path class=\"roads\"").count - 1 == 5)

        let requests = try readCSV(report.appendingPathComponent("requests.csv"))
        let col = { (name: String) in requests.header.firstIndex(of: name)! }
        let completed = requests.rows.filter { $0[col("outcome")] == "completed" }
        #expect(completed.count > 50)
        let routes = try readCSV(report.appendingPathComponent("trip_routes.csv"))
        #expect(routes.header == ["request_id", "route"])
        #expect(routes.rows.map { $0[0] } == completed.map { $0[col("request_id")] })

        #expect(try ridematch(["export", "geojson", report.path]).status == 0)
        let data = try Data(contentsOf: report.appendingPathComponent("trips.geojson"))
        let features = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["features"] as? [[String: Any]])
        #expect(features.count == completed.count)
        var longer = 0
        for (feature, row) in zip(features, completed) {
            let props = try #require(feature["properties"] as? [String: Any])
            #expect(props["route"] as? String == "road")
            #expect("\(props["request_id"] ?? "")" == row[col("request_id")])
            let line = try #require((feature["geometry"] as? [String: Any])?["coordinates"] as? [[Double]])
            #expect(line.count >= 2)
            if line.count > 2 { longer += 1 }
            let first = try #require(line.first), last = try #require(line.last)
            #expect(abs(first[0] - Double(row[col("origin_lon")])!) <= 1e-6 && abs(first[1] - Double(row[col("origin_lat")])!) <= 1e-6)
            #expect(abs(last[0] - Double(row[col("dest_lon")])!) <= 1e-6 && abs(last[1] - Double(row[col("dest_lat")])!) <= 1e-6)
        }
        #expect(longer > 0, "no trip followed a road path")
        let check = try runCIScript("check_geojson.py", [report.path])
        #expect(check.status == 0, "\(check.stderr)")
    }
    @Test("compare on a road network: each strategy's report draws the roads and has trip_routes.csv, as a run's does")
    func compareDrawsRoads() throws {
        let folder = try NetworkRunTests.networkFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let yaml = smallScenarioYAML(name: "roads", drivers: 40, rate: 900, extra: "matching: {strategy: nearest, max_pickup_eta: 6m}")
            .replacingOccurrences(of: "  radius_km: 3\n", with: "  radius_km: 2\n  network: grid.sqlite\n")
        let path = try writeScenario(yaml, in: folder)
        let runOut = folder.appendingPathComponent("run"), compareOut = folder.appendingPathComponent("compare")
        #expect(try ridematch(["run", path, "--out", runOut.path, "--quiet"]).status == 0)
        let compare = try ridematch(["compare", path, "--strategies", "nearest,batch", "--replications", "1",
                                     "--out", compareOut.path, "--quiet"])
        #expect(compare.status == 0, "\(compare.stderr)")
        for strategy in ["nearest", "batch"] {
            let report = compareOut.appendingPathComponent("roads/\(strategy)")
            let html = try String(contentsOf: report.appendingPathComponent("report.html"), encoding: .utf8)
            #expect(html.components(separatedBy: "<path class=\"roads\"").count - 1 == 5)
            #expect(FileManager.default.fileExists(atPath: report.appendingPathComponent("trip_routes.csv").path))
        }
        // The compare arm of the scenario's own strategy is the run, byte for byte.
        for file in ["requests.csv", "trip_routes.csv"] {
            let a = try Data(contentsOf: runOut.appendingPathComponent("roads/nearest/\(file)"))
            let b = try Data(contentsOf: compareOut.appendingPathComponent("roads/nearest/\(file)"))
            #expect(a == b, "\(file) differs between run and compare")
        }
    }
}
