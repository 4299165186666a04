import Foundation
import Testing
@testable import Scenario

/// `--set PATH=VALUE`: overrides applied to the YAML tree before decoding, checked like the
/// file, with errors that name the override.
@Suite("Scenario overrides (--set)")
struct ScenarioOverrideTests {
    private func parse(_ overrides: [String], yaml: String = minimalYAML) throws -> Scenario {
        let fixture = try Fixture()
        defer { fixture.remove() }
        return try Scenario.parse(yaml: yaml, file: "scenarios/x.yaml", baseDirectory: fixture.scenarios,
                                  knownStrategies: knownStrategies, overrides: overrides.map { try ScenarioOverride(parsing: $0) })
    }

    private func error(_ overrides: [String], yaml: String = minimalYAML) -> String {
        do {
            _ = try parse(overrides, yaml: yaml)
            return "<no error>"
        } catch {
            return "\(error)"
        }
    }

    @Test("an override replaces a value, adds a missing one, and creates missing mappings")
    func applies() throws {
        let s = try parse(["supply.drivers=1200", "matching.batch_window=10s", "matching.strategy=batch",
                           "fare.surge.max=1.5", "demand.hotspots=[{lat: 40.75, lon: -73.99, radius_km: 1, weight: 2}]"])
        #expect(s.supply.drivers == 1200)
        #expect(s.matching.batchWindow == 10)
        #expect(s.matching.strategy == "batch")
        #expect(s.fare.surge.max == 1.5)
        #expect(s.demand.hotspots.count == 1 && s.demand.hotspots[0].weight == 2)
        // Later overrides win; list elements are addressed by index.
        let t = try parse(["demand.hotspots=[{lat: 40.75, lon: -73.99, radius_km: 1, weight: 2}]",
                           "demand.hotspots[0].weight=5", "supply.drivers=5", "supply.drivers=7"])
        #expect(t.demand.hotspots[0].weight == 5 && t.supply.drivers == 7)
    }

    @Test("null removes a field, as if it were not written")
    func nullRemoves() throws {
        let yaml = minimalYAML + "\nmatching: {batch_window: 9s}\n"
        #expect(try parse([], yaml: yaml).matching.batchWindow == 9)
        #expect(try parse(["matching.batch_window=null"], yaml: yaml).matching.batchWindow == 5)
        #expect(error(["supply.drivers=~"]) == "--set supply.drivers=~: supply.drivers: is required")
    }

    @Test("bad values are checked like the file and name the override")
    func badValues() {
        #expect(error(["supply.drivers=abc"]) == "--set supply.drivers=abc: supply.drivers: expected a whole number, got 'abc'")
        #expect(error(["supply.drivers=-5"]) == "--set supply.drivers=-5: supply.drivers: must be >= 0, got -5")
        #expect(error(["matching.batch_window=soon"]).hasPrefix("--set matching.batch_window=soon: matching.batch_window: bad duration 'soon'"))
        #expect(error(["matching.strategy=nearst"]).hasPrefix("--set matching.strategy=nearst: matching.strategy: unknown strategy 'nearst'"))
        #expect(error(["city.center={lat: 40, lng: 1}"]) == "--set city.center={lat: 40, lng: 1}: city.center: unknown field 'lng' (did you mean 'lon'?)")
    }

    @Test("bad paths: unknown fields with a suggestion, indices into non-lists, malformed arguments")
    func badPaths() {
        #expect(error(["supply.driverz=5"]) == "--set supply.driverz=5: supply: unknown field 'driverz' (did you mean 'drivers'?)")
        #expect(error(["suply.drivers=5"]) == "--set suply.drivers=5: unknown field 'suply' (did you mean 'supply'?)")
        #expect(error(["supply.drivers.x=5"]) == "--set supply.drivers.x=5: supply.drivers: is not a mapping, it has no field 'x'")
        #expect(error(["supply[0]=5"]) == "--set supply[0]=5: supply: is not a list, [i] does not apply")
        #expect(error(["demand.hotspots[3].weight=5"]) == "--set demand.hotspots[3].weight=5: demand.hotspots: is not a list in the scenario, so [3] cannot be set")
        #expect(error(["supply.drivers"]) == "--set supply.drivers: expected PATH=VALUE (e.g. supply.drivers=800)")
        #expect(error(["a..b=1"]).hasPrefix("--set a..b=1: bad field path 'a..b'"))
    }

    @Test("an override names itself only for its own field; other problems keep the file's line")
    func otherProblemsKeepTheFile() {
        let yaml = minimalYAML.replacingOccurrences(of: "radius_km: 6", with: "radius_km: -6")
        #expect(error(["supply.drivers=900"], yaml: yaml) == "scenarios/x.yaml:5: city.radius_km: must be > 0, got -6")
    }
}
