import Foundation
import GRDB
import Testing
@testable import RoadNetwork

@Suite("Network import: default class speeds")
struct DefaultSpeedsTests {
    @Test("free-flow speeds per class, links 10 km/h below their parent")
    func freeFlow() {
        let expected: [String: Double] = [
            "motorway": 90, "motorway_link": 80, "trunk": 70, "trunk_link": 60, "primary": 45, "primary_link": 35,
            "secondary": 40, "secondary_link": 30, "tertiary": 35, "tertiary_link": 25, "unclassified": 30,
            "residential": 25, "living_street": 10, "service": 15,
        ]
        for roadClass in DrivableFilter.roadClasses { #expect(DefaultSpeeds.freeFlow(roadClass) == expected[roadClass]) }
        #expect(DefaultSpeeds.freeFlow("footway") == nil)
        #expect(DefaultSpeeds.freeFlow("residential_link") == nil)
    }

    @Test("weekday peaks, weekend plateau, nights free (hour 0 = Monday 00:00 UTC)")
    func profile() {
        #expect(DefaultSpeeds.speedKmh("primary", hourOfWeek: 3) == 45)          // Monday 03:00
        #expect(DefaultSpeeds.speedKmh("primary", hourOfWeek: 8) == 27)          // Monday 08:00, 0.6
        #expect(DefaultSpeeds.speedKmh("primary", hourOfWeek: 4 * 24 + 17) == 27) // Friday 17:00
        #expect(DefaultSpeeds.speedKmh("primary", hourOfWeek: 12) == 38.25)      // Monday noon, 0.85
        #expect(DefaultSpeeds.speedKmh("primary", hourOfWeek: 5 * 24 + 8) == 45) // Saturday 08:00
        #expect(DefaultSpeeds.speedKmh("primary", hourOfWeek: 6 * 24 + 14) == 40.5) // Sunday 14:00, 0.9
        #expect(DefaultSpeeds.speedKmh("living_street", hourOfWeek: 9) == 6)
        #expect(DefaultSpeeds.weekdayProfile.count == 24 && DefaultSpeeds.weekendProfile.count == 24)
    }

    @Test("the shipped database holds 168 hours for exactly the classes of its edges")
    func shippedTable() throws {
        let queue = try DatabaseQueue(path: monacoDB.path)
        defer { try? queue.close() }
        try queue.read { db in
            let edgeClasses = try String.fetchAll(db, sql: "SELECT DISTINCT road_class FROM edges ORDER BY 1")
            let speedClasses = try String.fetchAll(db, sql: "SELECT DISTINCT road_class FROM class_speeds ORDER BY 1")
            #expect(speedClasses == edgeClasses)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM class_speeds") == 168 * edgeClasses.count)
            for row in try Row.fetchAll(db, sql: "SELECT road_class, hour_of_week, speed_kmh FROM class_speeds") {
                #expect(DefaultSpeeds.speedKmh(row[0], hourOfWeek: row[1]) == row[2])
            }
        }
    }
}
