import Foundation
import Testing
@testable import Scenario

/// One bad scenario and the exact one-line error it must produce. `{DATA}` in the
/// expectation stands for the fixture's absolute `data` folder, `{ROOT}` for its root.
struct BadCase: CustomTestStringConvertible, Sendable {
    let label: String
    let yaml: String
    let expected: String
    var testDescription: String { label }

    init(_ label: String, _ yaml: String, _ expected: String) {
        self.label = label
        self.yaml = yaml
        self.expected = expected
    }
}

@Suite("Rejecting bad scenarios")
struct ScenarioErrorTests {
    static let cases: [BadCase] = [
        BadCase("negative rate", minimal(replacing: 9, with: "  requests_per_hour: -5"),
                "scenarios/x.yaml:9: demand.requests_per_hour: must be >= 0, got -5"),
        BadCase("unknown strategy", minimal(appending: "matching: {strategy: fastest}"),
                "scenarios/x.yaml:12: matching.strategy: unknown strategy 'fastest' "
                    + "(known: nearest, fastest-eta, batch, weighted); did you mean 'fastest-eta'?"),
        BadCase("unknown strategy, nothing close", minimal(appending: "matching:\n  strategy: greedy"),
                "scenarios/x.yaml:13: matching.strategy: unknown strategy 'greedy' "
                    + "(known: nearest, fastest-eta, batch, weighted)"),
        BadCase("missing traffic database", minimal(replacing: 7, with: "  database: ../data/nope.sqlite"),
                "scenarios/x.yaml:7: traffic.database: file not found: {DATA}/nope.sqlite"),
        BadCase("missing trip table", minimal(replacing: 9, with: "  trips: trips.csv"),
                "scenarios/x.yaml:9: demand.trips: file not found: {ROOT}/scenarios/trips.csv"),
        BadCase("bad duration", minimal(replacing: 2, with: "duration: ten minutes"),
                "scenarios/x.yaml:2: duration: bad duration 'ten minutes' "
                    + "(use e.g. 90s, 15m, 2h or a number of seconds)"),
        BadCase("negative duration", minimal(appending: "report: {interval: -5m}"),
                "scenarios/x.yaml:12: report.interval: bad duration '-5m': must not be negative"),
        BadCase("too many report intervals", minimal(appending: "report: {interval: 10ms}"),
                "scenarios/x.yaml:12: report.interval: must be >= 0.72 (duration / 10000: at most 10000 intervals), got 10ms"),
        BadCase("zero duration", minimal(replacing: 2, with: "duration: 0s"),
                "scenarios/x.yaml:2: duration: must be > 0, got 0s"),
        BadCase("duration over 31 days", minimal(replacing: 2, with: "duration: 32d"),
                "scenarios/x.yaml:2: duration: must be <= 2678400 (31 days), got 32d"),
        BadCase("unknown field with did-you-mean", minimal(replacing: 9, with: "  requests_per_hr: 3000"),
                "scenarios/x.yaml:9: demand: unknown field 'requests_per_hr' (did you mean 'requests_per_hour'?)"),
        BadCase("unknown top-level field", minimal(appending: "weather: rain"),
                "scenarios/x.yaml:12: unknown field 'weather'"),
        BadCase("wrong type", minimal(replacing: 5, with: "  radius_km: abc"),
                "scenarios/x.yaml:5: city.radius_km: expected a number, got 'abc'"),
        BadCase("quoted number", minimal(replacing: 5, with: "  radius_km: \"6\""),
                "scenarios/x.yaml:5: city.radius_km: expected a number, got \"6\" (quoted, so text)"),
        BadCase("fractional driver count", minimal(replacing: 11, with: "  drivers: 2.5"),
                "scenarios/x.yaml:11: supply.drivers: expected a whole number, got '2.5'"),
        BadCase("section of wrong type", minimal(replacing: 3, with: "city: 5\n").replacingOccurrences(
                    of: "  center: {lat: 40.758, lon: -73.985}\n  radius_km: 6\n", with: ""),
                "scenarios/x.yaml:3: city: expected a mapping (key: value lines), got '5'"),
        BadCase("malformed YAML", minimal(replacing: 5, with: "  radius_km: 6: 7"),
                "scenarios/x.yaml:5: invalid YAML: mapping values are not allowed in this context"),
        BadCase("unclosed flow mapping", minimal(replacing: 4, with: "  center: {lat: 40.758, lon: -73.985"),
                "scenarios/x.yaml:5: invalid YAML: did not find expected ',' or '}' "
                    + "(while parsing a flow mapping at line 4)"),
        BadCase("tab indentation", minimal(replacing: 5, with: "\tradius_km: 6"),
                "scenarios/x.yaml:5: invalid YAML: found character that cannot start any token "
                    + "(while scanning for the next token at line 5); tabs cannot indent YAML, use spaces"),
        BadCase("key without colon at the end", "name: x\nduration",
                "scenarios/x.yaml:2: invalid YAML: could not find expected ':' (while scanning a simple key at line 2)"),
        BadCase("two documents", minimal(appending: "---\nname: b"),
                "scenarios/x.yaml:12: invalid YAML: a scenario file holds one document, found a second one"),
        BadCase("hotspot missing radius", minimal(replacing: 9, with: "  requests_per_hour: 1\n  hotspots:\n"
                    + "    - {lat: 1, lon: 2}"),
                "scenarios/x.yaml:11: demand.hotspots[0].radius_km: is required"),
        BadCase("database is a folder", minimal(replacing: 7, with: "  database: ../data/"),
                "scenarios/x.yaml:7: traffic.database: is a folder, not a file: {DATA}"),
        BadCase("duplicate key", minimal(appending: "name: again"),
                "scenarios/x.yaml:1: duplicate key 'name' in one mapping"),
        BadCase("missing required field", minimal(replacing: 11, with: "  ping_interval: 4s"),
                "scenarios/x.yaml:10: supply.drivers: is required"),
        BadCase("missing top-level field", minimal(replacing: 1, with: ""),
                "scenarios/x.yaml: name: is required"),
        BadCase("missing section", minimal(replacing: 10, with: "").replacingOccurrences(
                    of: "  drivers: 800\n", with: ""),
                "scenarios/x.yaml: supply: is required"),
        BadCase("missing value", minimal(replacing: 5, with: "  radius_km:"),
                "scenarios/x.yaml:5: city.radius_km: missing value"),
        BadCase("NaN coordinate", minimal(replacing: 4, with: "  center: {lat: .nan, lon: -73.985}"),
                "scenarios/x.yaml:4: city.center.lat: must be a finite number, got .nan"),
        BadCase("latitude out of range", minimal(replacing: 4, with: "  center: {lat: 95, lon: -73.985}"),
                "scenarios/x.yaml:4: city.center.lat: must be <= 90, got 95"),
        BadCase("zero radius", minimal(replacing: 5, with: "  radius_km: 0"),
                "scenarios/x.yaml:5: city.radius_km: must be > 0, got 0"),
        BadCase("cell too large", minimal(replacing: 5, with: "  radius_km: 6\n  cell_size_m: 20000"),
                "scenarios/x.yaml:6: city.cell_size_m: must be <= 10000, got 20000"),
        BadCase("profile of wrong length", minimal(replacing: 9, with: "  requests_per_hour: 10\n  profile: [1, 2, 3]"),
                "scenarios/x.yaml:10: demand.profile: must have 24 numbers (one per hour of the day), got 3"),
        BadCase("profile element of wrong type", minimal(replacing: 9, with: "  requests_per_hour: 10\n  profile: ["
                    + "1, 1, 1, x" + String(repeating: ", 1", count: 20) + "]"),
                "scenarios/x.yaml:10: demand.profile[3]: expected a number, got 'x'"),
        BadCase("all-zero profile", minimal(replacing: 9, with: "  requests_per_hour: 10\n  profile: [0"
                    + String(repeating: ", 0", count: 23) + "]"),
                "scenarios/x.yaml:10: demand.profile: must not be all zero"),
        BadCase("hotspot weight", minimal(replacing: 9, with: """
                      requests_per_hour: 10
                      hotspots:
                        - {lat: 40.75, lon: -73.99, radius_km: 1, weight: 3}
                        - {lat: 40.76, lon: -73.98, radius_km: 1, weight: 0}
                    """),
                "scenarios/x.yaml:12: demand.hotspots[1].weight: must be > 0, got 0"),
        BadCase("hotspot key typo", minimal(replacing: 9, with: """
                      requests_per_hour: 10
                      hotspots:
                        - {lat: 40.75, lng: -73.99, radius_km: 1}
                    """),
                "scenarios/x.yaml:11: demand.hotspots[0]: unknown field 'lng' (did you mean 'lon'?)"),
        BadCase("start without zone", minimal(replacing: 2, with: "duration: 2h\nstart: 2026-03-02T08:00:00"),
                "scenarios/x.yaml:3: start: timestamp needs a time zone: add Z or an offset like -05:00, "
                    + "got '2026-03-02T08:00:00'"),
        BadCase("name not a folder", minimal(replacing: 1, with: "name: my scenario"),
                "scenarios/x.yaml:1: name: must use only letters, digits, '-', '_' and '.' (it names a folder), "
                    + "got 'my scenario'"),
        BadCase("negative seed", minimal(appending: "seed: -1"),
                "scenarios/x.yaml:12: seed: must be a whole number from 0 to 18446744073709551615, got -1"),
        BadCase("delivery delay max below mean", minimal(appending: "  delivery_delay: {mean: 2s, max: 500ms}"),
                "scenarios/x.yaml:12: supply.delivery_delay.max: must be >= mean (2s), got 500ms"),
        BadCase("empty compare list", minimal(appending: "compare: {strategies: [], replications: 2}"),
                "scenarios/x.yaml:12: compare.strategies: must list at least one strategy"),
        BadCase("zero replications", minimal(appending: "compare:\n  replications: 0"),
                "scenarios/x.yaml:13: compare.replications: must be >= 1, got 0"),
        BadCase("surge below one", minimal(appending: "fare: {surge: {max: 0.5}}"),
                "scenarios/x.yaml:12: fare.surge.max: must be >= 1, got 0.5"),
        BadCase("first error in file order", minimal(replacing: 2, with: "duration: soon")
                    .replacingOccurrences(of: "requests_per_hour: 3000", with: "requests_per_hour: -1"),
                "scenarios/x.yaml:2: duration: bad duration 'soon' (use e.g. 90s, 15m, 2h or a number of seconds)"),
        BadCase("empty file", "", "scenarios/x.yaml: the file is empty (no settings)"),
        BadCase("only comments", "# nothing here\n", "scenarios/x.yaml: the file is empty (no settings)"),
        BadCase("top level is a list", "- name: x\n- duration: 2h\n",
                "scenarios/x.yaml:1: the top level must be a mapping of settings (name: ..., duration: ...), "
                    + "got a list"),
    ]

    @Test(arguments: cases)
    func rejects(_ bad: BadCase) throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let expected = bad.expected.replacingOccurrences(of: "{DATA}", with: fixture.data.path)
            .replacingOccurrences(of: "{ROOT}", with: fixture.root.path)
        #expect(fixture.error(bad.yaml) == expected)
    }

    @Test func sameInputGivesSameError() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let yaml = minimal(replacing: 5, with: "  radius_km: -1\n  detour_factor: 0.5\n  nme: x")
        let first = fixture.error(yaml)
        #expect(first == "scenarios/x.yaml:5: city.radius_km: must be > 0, got -1")
        for _ in 0..<5 { #expect(fixture.error(yaml) == first) }
    }

    @Test func strategyListIsCheckedForCompare() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        #expect(fixture.error(minimal(appending: "compare: {strategies: [nearest, future-one]}"))
            == "scenarios/x.yaml:12: compare.strategies[1]: unknown strategy 'future-one' "
                + "(known: nearest, fastest-eta, batch, weighted)")
        let scenario = try fixture.parse(minimal(appending: "compare: {strategies: [batch, nearest]}"))
        #expect(scenario.compare.strategies == ["batch", "nearest"])
    }
}
