import Foundation
import Testing
@testable import Core

@Suite("Geometry and time")
struct CoreTests {
    @Test("projection round-trips and matches haversine distance within 0.1 % over a city")
    func projection() {
        let center = GeoPoint(lat: 40.758, lon: -73.985)
        let projection = LocalProjection(center: center)
        #expect(projection.project(center) == .zero)
        let p = GeoPoint(lat: 40.79, lon: -73.95)
        let back = projection.unproject(projection.project(p))
        #expect(abs(back.lat - p.lat) < 1e-12 && abs(back.lon - p.lon) < 1e-12)
        let plane = projection.project(p).distance(to: .zero)
        let sphere = center.haversineMeters(to: p)
        #expect(abs(plane - sphere) / sphere < 0.001)
    }

    @Test("one degree of latitude is 111.195 km on the mean sphere")
    func haversine() {
        let d = GeoPoint(lat: 0, lon: 0).haversineMeters(to: GeoPoint(lat: 1, lon: 0))
        #expect(abs(d - 111_195.08) < 0.01)
    }

    @Test("hour of week: 0 is Monday 00:00 UTC, 167 is Sunday 23:00 UTC")
    func hourOfWeekKey() {
        // 2026-03-02 is a Monday.
        let monday = 1_772_409_600.0  // 2026-03-02T00:00:00Z
        #expect(hourOfWeek(unixSeconds: monday) == 0)
        #expect(hourOfWeek(unixSeconds: monday + 13 * 3600 + 59) == 13)
        #expect(hourOfWeek(unixSeconds: monday + 7 * 24 * 3600 - 1) == 167)
        #expect(hourOfWeek(unixSeconds: monday + 7 * 24 * 3600) == 0)
        #expect(hourOfWeek(unixSeconds: 0) == 72)  // 1970-01-01 was a Thursday
    }

    @Test("milliseconds round to the nearest and convert back")
    func millis() {
        #expect(Millis.fromSeconds(1.2345) == 1235)
        #expect(Millis.fromSeconds(-0.0004) == 0)
        #expect(Millis(90_500).seconds == 90.5)
    }
}

@Suite("Time conversions at the extremes")
struct TimeExtremeTests {
    @Test("huge, infinite and NaN seconds saturate instead of trapping")
    func saturation() {
        #expect(Millis.fromSeconds(1e300) == Millis.farFuture)
        #expect(Millis.fromSeconds(-.infinity) == -Millis.farFuture)
        #expect(Millis.fromSeconds(.nan) == 0)
        #expect(Millis.farFuture + Millis.farFuture > 0)
    }
}

@Suite("One-line messages")
struct OneLineTests {
    @Test("line breaks and control characters in a value are escaped, so an error stays one line")
    func escapes() {
        #expect(oneLine("plain text, 'quoted' é") == "plain text, 'quoted' é")
        #expect(oneLine("a\nb\r\nc\td\u{7}") == "a\\nb\\r\\nc\\td\\u{7}")
        #expect(locatedMessage(file: "x.csv", line: 3, field: "lat", message: "got '4\n0'") == "x.csv:3: lat: got '4\\n0'")
    }
}
