import Core
import Foundation
import Scenario
import Testing
@testable import Simulator

@Suite("Replay readers")
struct ReplayReaderTests {
    /// Reads every accepted trip of `trips.csv` in the fixture, then the file's report.
    func readAll(_ fixture: ReplayFixture, _ scenario: Scenario) throws -> ([SampledRequest], InputFileReport) {
        var table = try TripTable(url: fixture.folder.appendingPathComponent("trips.csv"), file: "trips.csv", scenario: scenario)
        var out: [SampledRequest] = []
        while let r = table.next(before: .fromSeconds(scenario.duration)) { out.append(r) }
        let report = table.finish()
        return (out, try #require(report))
    }

    @Test("every kind of bad trip row is rejected with its reason and line; accepted + rejected = rows")
    func tripRejections() throws {
        let fixture = try ReplayFixture()
        defer { fixture.remove() }
        try fixture.write("trips.csv", """
            request_time,origin_lat,origin_lon,dest_lat,dest_lon,patience_s
            10,40.70,-74.00,40.71,-74.00,60
            20,40.70,-74.00,40.71
            soon,40.70,-74.00,40.71,-74.00,
            30,0,0,40.71,-74.00,
            40,40.70,-74.00,95,-74.00,
            50,40.70,-74.00,40.71,-74.00,-3
            -1,40.70,-74.00,40.71,-74.00,

            60,40.70,-74.00,40.80,-74.00,
            5,40.70,-74.00,40.71,-74.00,
            70,40.70,-74.00,40.71,-74.00,
            900,40.70,-74.00,40.71,-74.00,
            65,40.70,-74.00,40.71,-74.00,

            """)
        let (trips, report) = try readAll(fixture, try fixture.scenario())
        // Rows out of time order (lines 11 and 14) are replayed in time order, not rejected.
        #expect(trips.map(\.time) == [5_000, 10_000, 65_000, 70_000])
        #expect(trips[1].patience == 60_000)
        // Line 9 is blank: not a row; line numbers stay the file's lines.
        #expect(report.rows == 12 && report.accepted == 4 && report.rejectedCount == 8)
        let expected: [(Int, RejectReason, String, String)] = [
            (3, .badRow, "row", "4 fields, the header has 6"),
            (4, .badTime, "request_time", "soon"),
            (5, .badCoordinates, "origin_lat,origin_lon", "0 0"),
            (6, .badCoordinates, "dest_lat", "95"),
            (7, .badPatience, "patience_s", "-3"),
            (8, .outsideHorizon, "request_time", "-1"),
            (10, .outsideCity, "dest_lat,dest_lon", "40.80 -74.00"),
            (13, .outsideHorizon, "request_time", "900"),
        ]
        #expect(report.rejected == expected.map { RejectedRow(line: $0.0, reason: $0.1, field: $0.2, value: $0.3) })
        #expect(report.warning() == "trips.csv: rejected 8 of 12 rows (bad_row: 1 (line 3); bad_time: 1 (line 4); "
            + "bad_coordinates: 2 (lines 5, 6); bad_patience: 1 (line 7); outside_horizon: 2 (lines 8, 13); "
            + "outside_city: 1 (line 10))")
        #expect(report.readError == nil)
    }

    @Test("the warning lists at most five lines per reason and says how many more")
    func warningIsShort() {
        var report = InputFileReport(kind: "trips", file: "t.csv")
        report.rows = 100
        for line in 2...9 { report.reject(line: line, .unknownZone, field: "pulocationid", value: "264") }
        #expect(report.warning() == "t.csv: rejected 8 of 100 rows (unknown_zone: 8 (lines 2, 3, 4, 5, 6, … 3 more))")
        // Past the listed limit rows are still counted, just not kept one by one.
        report.rows = 20_000
        for line in 10...10_010 { report.reject(line: line, .outsideHorizon, field: "request_time", value: "1e9") }
        #expect(report.rejectedCount == 10_009 && report.rejected.count == InputFileReport.listedLimit)
        #expect(report.rejectedByReason.map(\.count) == [10_001, 8])
    }

    @Test("NYC TLC yellow-taxi columns are read as they are; their local datetimes use the start's offset")
    func tlcColumns() throws {
        let fixture = try ReplayFixture()
        defer { fixture.remove() }
        try fixture.write("trips.csv", """
            VendorID,tpep_pickup_datetime,tpep_dropoff_datetime,passenger_count,pickup_longitude,pickup_latitude,dropoff_longitude,dropoff_latitude
            2,2026-03-02 08:00:13,2026-03-02 08:10:00,1,-73.99,40.70,-73.98,40.71
            1,2026-03-02T13:01:00Z,2026-03-02 08:20:00,1,-73.99,40.70,-73.98,40.71
            1,2026-03-02 09:00:00.250,2026-03-02 09:20:00,1,-73.99,40.70,-73.98,40.71

            """)
        let scenario = try fixture.scenario(duration: "2h")
        let (trips, report) = try readAll(fixture, scenario)
        // 08:00:13 New York (-05:00, the start's offset) is 13 s after the 08:00 -05:00 start;
        // 13:01Z is 08:01 in New York.
        #expect(trips.map(\.time) == [13_000, 60_000, 3_600_250])
        #expect(report.rows == 3 && report.accepted == 3)
        let origin = LocalProjection(center: scenario.city.center).project(GeoPoint(lat: 40.70, lon: -73.99))
        #expect(trips[0].origin == origin)
        // No patience column: a lognormal draw keyed by the trip's position, the same each time.
        let (again, _) = try readAll(fixture, scenario)
        #expect(trips.map(\.patience) == again.map(\.patience))
        #expect(Set(trips.map(\.patience)).count == 3)
    }

    @Test("ISO-8601 and seconds forms of a replay time")
    func times() {
        let start = ReplayTime.unixSeconds("2026-03-02T08:00:00-05:00", defaultOffset: 0)!
        #expect(start == 1_772_456_400)
        func t(_ s: String) -> Double? { ReplayTime.secondsFromStart(s, startUnix: start, localOffset: -18_000) }
        #expect(t("90") == 90 && t("12.5") == 12.5 && t("-3") == -3)
        #expect(t("2026-03-02T13:00:00Z") == 0)
        #expect(t("2026-03-02T14:00:00+01:00") == 0)
        #expect(t("2026-03-02T09:00:00-0400") == 0)
        #expect(t("2026-03-02 08:00:01.5") == 1.5)
        #expect(t("2026-03-02T08:01") == 60)
        #expect(t("2026-03-03T08:00:00-05:00") == 86_400)
        #expect(ReplayTime.unixSeconds("1970-01-01T00:00:00Z", defaultOffset: 3600) == 0)
        #expect(ReplayTime.unixSeconds("2000-03-01T00:00:00Z", defaultOffset: 0) == 951_868_800)
        #expect(ReplayTime.unixSeconds("2024-02-29 00:00:00", defaultOffset: 0) == 1_709_164_800)
        for bad in ["", "soon", "2026-02-29 08:00:00", "2026-03-02 24:00:00", "2026-13-01 00:00:00",
                    "2026-03-02T08:00:00+", "2026-03-02T08:00:00Zx", "nan", "inf", "2026-03-02"] {
            #expect(t(bad) == nil, "\(bad)")
        }
    }
}

@Suite("Replay readers: drivers files and unreadable files")
struct ReplayFileErrorTests {
    @Test("bad driver rows are rejected with reasons; shifts and ids are kept")
    func driverRejections() throws {
        let fixture = try ReplayFixture()
        defer { fixture.remove() }
        try fixture.write("drivers.csv", """
            driver_id,lat,lon,shift_start,shift_end
            A,40.70,-74.00,,
            B,40.70,-74.00,2026-03-02T08:10:00-05:00,1200
            ,40.70,-74.00,,
            C,40.70,x,,
            D,40.90,-74.00,,
            E,40.70,-74.00,later,
            F,40.70,-74.00,600,600
            A,40.71,-74.00,,
            G,40.70,-74.00

            """)
        let scenario = try fixture.scenario()
        let (plans, report) = try DriversFile.read(url: fixture.folder.appendingPathComponent("drivers.csv"),
                                                   file: "drivers.csv", scenario: scenario)
        #expect(plans.map(\.sourceID) == ["A", "B"])
        #expect(plans[1].shiftStart == 600_000 && plans[1].shiftEnd == 1_200_000)
        #expect(plans[0].shiftStart == 0 && plans[0].shiftEnd == .farFuture)
        #expect(report.rows == 9 && report.accepted == 2)
        #expect(report.rejected.map { "\($0.line) \($0.reason.rawValue) \($0.field)" } == [
            "4 bad_id driver_id", "5 bad_coordinates lon", "6 outside_city lat,lon", "7 bad_time shift_start",
            "8 bad_shift shift_end", "9 duplicate_id driver_id", "10 bad_row row",
        ])
    }

    @Test("a missing column, an empty file, a directory or a header-only file is an error naming file, line and column")
    func headerErrors() throws {
        let fixture = try ReplayFixture()
        defer { fixture.remove() }
        let scenario = try fixture.scenario()
        func open(_ text: String) throws -> TripTable {
            try fixture.write("trips.csv", text)
            return try TripTable(url: fixture.folder.appendingPathComponent("trips.csv"), file: "data/trips.csv", scenario: scenario)
        }
        #expect(throws: InputProblem("data/trips.csv:1: dest_lon: required column missing (or dropoff_longitude); "
            + "header is: request_time, origin_lat, origin_lon, dest_lat")) {
            try open("request_time,origin_lat,origin_lon,dest_lat\n1,2,3,4\n")
        }
        #expect(throws: InputProblem("data/trips.csv:1: request_time: columns request_time and tpep_pickup_datetime mean the same; keep one")) {
            try open("request_time,tpep_pickup_datetime,origin_lat,origin_lon,dest_lat,dest_lon\n")
        }
        #expect(throws: InputProblem("data/trips.csv:1: header: empty file, expected a header row")) { try open("") }
        #expect(throws: InputProblem("data/x: file not found")) {
            try TripTable(url: fixture.folder.appendingPathComponent("x"), file: "data/x", scenario: scenario)
        }
        #expect(throws: InputProblem("data/dir: is a directory, expected a CSV file")) {
            try TripTable(url: fixture.folder, file: "data/dir", scenario: scenario)
        }
        var headerOnly = try open("request_time,origin_lat,origin_lon,dest_lat,dest_lon\n")
        #expect(headerOnly.next(before: 1_000_000) == nil)
        #expect(headerOnly.finish()?.readError == "data/trips.csv:2: no data rows after the header")
    }

    @Test("the trip table is streamed: rows come before a broken end of file is read, which then fails the file")
    func streamedAndUnreadable() throws {
        let fixture = try ReplayFixture()
        defer { fixture.remove() }
        var bytes = Data("request_time,origin_lat,origin_lon,dest_lat,dest_lon\n".utf8)
        for i in 0..<5000 { bytes += Data("\(i / 10),40.70,-74.00,40.71,-74.00\n".utf8) }
        bytes += Data([0x31, 0x2C, 0xFF, 0xFE, 0x0A])  // "1,<invalid UTF-8>" on line 5002
        try bytes.write(to: fixture.folder.appendingPathComponent("trips.csv"))
        var table = try TripTable(url: fixture.folder.appendingPathComponent("trips.csv"), file: "trips.csv",
                                  scenario: try fixture.scenario())
        // The first trip comes back although the file's last line cannot be decoded.
        #expect(table.next(before: 900_000)?.time == 0)
        let finished = table.finish()
        let report = try #require(finished)
        #expect(report.accepted == 5000)
        #expect(report.readError == "trips.csv:5002: cannot read: not valid UTF-8 text")
    }
}
