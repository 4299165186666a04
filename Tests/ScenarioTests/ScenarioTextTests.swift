import Foundation
import Testing
@testable import Scenario

@Suite("Durations, timestamps and suggestions")
struct ScenarioTextTests {
    @Test(arguments: [
        ("90", 90.0), ("2.5", 2.5), ("0", 0), ("1e3", 1000), ("0s", 0),
        ("500ms", 0.5), ("90s", 90), ("15m", 900), ("2h", 7200), ("1d", 86_400),
        ("1h30m", 5400), ("1m30s", 90), ("1.5h", 5400), ("1h 30m", 5400), ("2m500ms", 120.5),
        ("1d2h3m4s", 93_784), ("1500ms", 1.5), (" 45s ", 45),
    ])
    func goodDurations(text: String, seconds: Double) {
        #expect(ScenarioText.parseDuration(text) == seconds)
    }

    @Test(arguments: [
        "", " ", "ten minutes", "-5", "-5m", "5x", "5 m", "30m1h", "1h1h", "1s1ms1s", ".nan", ".inf", "inf",
        "nan", "m", "s5", "1.2.3s", ".5s", "5.s", "0x10", "1h-30m", "1:30", "5M",
    ])
    func badDurations(text: String) {
        #expect(ScenarioText.parseDuration(text) == nil)
    }

    @Test func badDurationMessages() {
        #expect(ScenarioText.badDurationMessage("ten minutes")
            == "bad duration 'ten minutes' (use e.g. 90s, 15m, 2h or a number of seconds)")
        #expect(ScenarioText.badDurationMessage("-5m") == "bad duration '-5m': must not be negative")
    }

    @Test func timestamps() {
        #expect(ScenarioText.parseTimestamp("2026-03-02T08:00:00Z")
            == .valid(Date(timeIntervalSince1970: 1_772_438_400), utcOffsetSeconds: 0))
        #expect(ScenarioText.parseTimestamp("2026-03-02T08:00:00-05:00")
            == .valid(Date(timeIntervalSince1970: 1_772_456_400), utcOffsetSeconds: -18_000))
        #expect(ScenarioText.parseTimestamp("2026-03-02T08:00:00+0530")
            == .valid(Date(timeIntervalSince1970: 1_772_438_400 - 19_800), utcOffsetSeconds: 19_800))
        #expect(ScenarioText.parseTimestamp("2024-02-29T00:00:00.25Z")
            == .valid(Date(timeIntervalSince1970: 1_709_164_800.25), utcOffsetSeconds: 0))
        #expect(ScenarioText.parseTimestamp("2026-03-02T08:00:00") == .missingZone)
        #expect(ScenarioText.parseTimestamp("2026-02-29T08:00:00Z") == .invalid)
        #expect(ScenarioText.parseTimestamp("2026-03-02") == .invalid)
        #expect(ScenarioText.parseTimestamp("tomorrow") == .invalid)
        #expect(ScenarioText.parseTimestamp("2026-13-02T08:00:00Z") == .invalid)
        #expect(ScenarioText.parseTimestamp("2026-03-02T24:00:00Z") == .invalid)
    }

    @Test func compactNumbers() {
        #expect(ScenarioText.number(-5) == "-5")
        #expect(ScenarioText.number(0) == "0")
        #expect(ScenarioText.number(2.5) == "2.5")
        #expect(ScenarioText.number(.nan) == ".nan")
        #expect(ScenarioText.number(-.infinity) == "-.inf")
    }

    @Test func suggestions() {
        let keys = ["requests_per_hour", "profile", "hotspots", "trips", "patience"]
        #expect(ScenarioText.suggestion(for: "requests_per_hr", among: keys) == "requests_per_hour")
        #expect(ScenarioText.suggestion(for: "hotspot", among: keys) == "hotspots")
        #expect(ScenarioText.suggestion(for: "profiel", among: keys) == "profile")
        #expect(ScenarioText.suggestion(for: "weather", among: keys) == nil)
        #expect(ScenarioText.suggestion(for: "fastest", among: ["nearest", "fastest-eta", "batch"]) == "fastest-eta")
        #expect(ScenarioText.suggestion(for: "lng", among: ["lat", "lon"]) == "lon")
        #expect(ScenarioText.editDistance("kitten", "sitting") == 3)
        #expect(ScenarioText.editDistance("ab", "ba") == 1)
    }
}
