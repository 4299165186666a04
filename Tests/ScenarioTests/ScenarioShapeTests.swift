import Foundation
import Testing
@testable import Scenario

/// A section declared only here: its shape must come from its raw struct alone.
// swiftlint:disable identifier_name
private struct RawProbe: RawSection {
    @Lenient var speed_kmh: Double?
    @Lenient var stops: [RawPoint]?
    @Lenient var home: RawPoint?
    @Lenient var wait: DurationText?
    @Lenient var tags: [String]?
}
// swiftlint:enable identifier_name

/// `shape` as text: keys in order, `{…}` for a mapping's keys, `[…]` for a list's element.
private func render(_ shape: Shape) -> String {
    switch shape {
    case .value: return ""
    case .list(let element): return "[" + render(element) + "]"
    case .map(let fields): return "{" + fields.map { $0.key + render($0.shape) }.joined(separator: ", ") + "}"
    }
}

@Suite("Known keys and policies")
struct ScenarioShapeTests {
    @Test("the known keys are read off the raw structs, in the order of the scenario reference")
    func scenarioShape() {
        // The hand-kept table this replaces, key for key.
        #expect(render(.scenario) == "{name, seed, start, duration, "
            + "city{center{lat, lon}, radius_km, cell_size_m, detour_factor, network}, "
            + "traffic{database, noise, network_speeds}, "
            + "demand{requests_per_hour, profile[], hotspots[{lat, lon, radius_km, weight}], trips, od, zones, "
            + "requests_per_day, patience{median, sigma}, willingness_to_pay{median, sigma}, pooling_share}, "
            + "supply{drivers, drivers_file, ping_interval, gps_noise_m, delivery_delay{mean, max}, "
            + "acceptance{base, per_km}, repositioning{policy, interval, max_km, cruise_speed, cruise_km}, "
            + "start_area{center{lat, lon}, radius_km}, seats}, "
            + "fare{base, per_km, per_minute, minimum, surge{max, interval}, shared_discount}, "
            + "matching{strategy, batch_window, max_pickup_eta, weights{eta, deadhead, fare, idle}, "
            + "pool{max_wait, max_detour, reoptimize}, external{command, mode, timeout, vehicles, encoding}}, "
            + "streams{out_of_orderness, allowed_lateness, staleness, idle_timeout}, "
            + "report{interval, replay_interval, replay_drivers}, "
            + "compare{strategies[], replications}}")
    }

    @Test("a field declared in a raw struct is known: scalars, durations, lists and mappings")
    func newSection() {
        #expect(render(Shape.of(RawProbe.self)) == "{speed_kmh, stops[{lat, lon}], home{lat, lon}, wait, tags[]}")
    }

    @Test("a misspelt key is refused with a suggestion from the raw struct's keys")
    func unknownKey() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        #expect(fixture.error(minimal(appending: "fare: {per_kmm: 2}"))
            == "scenarios/x.yaml:12: fare: unknown field 'per_kmm' (did you mean 'per_km'?)")
        #expect(fixture.error(minimal(appending: "supply_area: 1"))
            == "scenarios/x.yaml:12: unknown field 'supply_area' (did you mean 'supply'?)")
    }

    @Test("repositioning policies are checked against the caller's names; by default only stay")
    func policies() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let cruise = minimal(appending: "  repositioning: {policy: cruise}")
        #expect(Scenario.defaultPolicies == ["stay"])
        #expect(fixture.error(cruise)
            == "scenarios/x.yaml:12: supply.repositioning.policy: unknown policy 'cruise' (known: stay)")
        let scenario = try Scenario.parse(yaml: cruise, file: "scenarios/x.yaml", baseDirectory: fixture.scenarios,
                                          knownStrategies: knownStrategies, knownPolicies: ["stay", "cruise"])
        #expect(scenario.supply.repositioning.policy == "cruise")
        #expect(fixture.error(minimal(appending: "  repositioning: {policy: stay}")) == "<no error>")
    }

    @Test("a sweep checks its grid's policies against the caller's names")
    func sweepPolicies() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try minimalYAML.write(to: fixture.scenarios.appendingPathComponent("x.yaml"), atomically: true, encoding: .utf8)
        let sweepPath = fixture.scenarios.appendingPathComponent("sweep.yaml").path
        try """
            name: policies
            scenario: x.yaml
            grid:
              supply.repositioning.policy: [stay, cruise]

            """.write(toFile: sweepPath, atomically: true, encoding: .utf8)
        let sweep = try SweepFile.load(path: sweepPath, knownStrategies: knownStrategies, knownPolicies: ["stay", "cruise"])
        #expect(sweep.axes == [SweepFile.Axis(path: "supply.repositioning.policy", values: ["stay", "cruise"])])
        #expect(throws: ScenarioError.self) { try SweepFile.load(path: sweepPath, knownStrategies: knownStrategies) }
        do {
            _ = try SweepFile.load(path: sweepPath, knownStrategies: knownStrategies)
        } catch let error as ScenarioError {
            #expect(error.description == "\(sweepPath):4: grid.supply.repositioning.policy[1]: unknown policy 'cruise' (known: stay)")
        }
    }
}
