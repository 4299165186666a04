import Core
import Foundation
import Scenario

/// The description of the run a stream dump came from, written beside the streams as
/// `streams/scenario.yaml`: which scenario file, with which strategy and seed, how many
/// drivers, where the run stopped, and a fingerprint of the resolved scenario.
/// `ridematch engine --from-streams` rebuilds the same engine from it (re-applying the
/// run's `--set` overrides), and refuses a scenario whose fingerprint differs (the file was
/// edited since the run).
public struct StreamManifest: Equatable, Sendable {
    /// Its file name inside the `streams/` folder.
    public static let fileName = "scenario.yaml"
    /// Absolute path of the scenario file.
    public var scenario: String
    /// Strategy the run used (after `--strategy`).
    public var strategy: String
    /// Seed the run used (after `--seed`).
    public var seed: UInt64
    /// Drivers in the city (the engine's driver table size).
    public var drivers: Int
    /// Horizon of the run, ms: the engine's last timer tick is before it.
    public var horizon: Millis
    /// ``fingerprint(of:)`` of the resolved scenario.
    public var fingerprint: String
    /// The run's `--set PATH=VALUE` overrides, as typed, in order.
    public var overrides: [String] = []

    /// The manifest of a run of `scenario` (resolved: `overrides` applied) with `drivers` drivers.
    public init(scenario: Scenario, drivers: Int, overrides: [String] = []) {
        self.overrides = overrides
        self.scenario = scenario.file.standardizedFileURL.path
        strategy = scenario.matching.strategy
        seed = scenario.seed
        self.drivers = drivers
        horizon = .fromSeconds(scenario.duration)
        fingerprint = StreamManifest.fingerprint(of: scenario)
    }

    private init(
        scenario: String, strategy: String, seed: UInt64, drivers: Int, horizon: Millis, fingerprint: String,
        overrides: [String]
    ) {
        self.overrides = overrides
        self.scenario = scenario
        self.strategy = strategy
        self.seed = seed
        self.drivers = drivers
        self.horizon = horizon
        self.fingerprint = fingerprint
    }

    /// FNV-1a (64 bit, hex) of every setting of the resolved scenario but its file's own
    /// path: any edit that can change what the run computes changes it.
    public static func fingerprint(of scenario: Scenario) -> String {
        var s = scenario
        s.file = URL(fileURLWithPath: "/")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in String(reflecting: s).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The file's text (YAML, one `key: value` per line).
    public var text: String {
        """
        # The run these streams came from: `ridematch engine --from-streams` rebuilds its engine from this.
        scenario: \(scenario)
        strategy: \(strategy)
        seed: \(seed)
        drivers: \(drivers)
        horizon_ms: \(horizon)
        fingerprint: \(fingerprint)

        """ + overrides.enumerated().map { "override_\($0.offset + 1): '\($0.element.replacingOccurrences(of: "'", with: "''"))'\n" }
            .joined()
    }

    /// Reads a manifest; throws an ``InputProblem`` naming `display` and the line or field.
    public static func parse(_ text: String, display: String) throws -> StreamManifest {
        var fields: [String: (value: String, line: Int)] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw InputProblem(locatedMessage(file: display, line: n + 1, field: nil, message: "expected 'key: value'"))
            }
            let key = String(line[..<colon])
            fields[key] = (line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces), n + 1)
        }
        func value(_ key: String) throws -> (value: String, line: Int) {
            guard let v = fields[key], !v.value.isEmpty else {
                throw InputProblem(locatedMessage(file: display, line: nil, field: key, message: "missing"))
            }
            return v
        }
        func number<T: FixedWidthInteger>(_ key: String) throws -> T {
            let v = try value(key)
            guard let n = T(v.value), n >= 0 else {
                throw InputProblem(locatedMessage(
                    file: display, line: v.line, field: key, message: "must be a whole number ≥ 0, got '\(v.value)'"))
            }
            return n
        }
        var overrides: [String] = []
        while let v = fields["override_\(overrides.count + 1)"] {
            guard v.value.count >= 2, v.value.hasPrefix("'"), v.value.hasSuffix("'") else {
                throw InputProblem(locatedMessage(
                    file: display, line: v.line, field: "override_\(overrides.count + 1)", message: "expected a quoted 'PATH=VALUE'"))
            }
            overrides.append(String(v.value.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'"))
        }
        return StreamManifest(
            scenario: try value("scenario").value, strategy: try value("strategy").value, seed: try number("seed"),
            drivers: try number("drivers"), horizon: try number("horizon_ms"), fingerprint: try value("fingerprint").value,
            overrides: overrides)
    }
}
