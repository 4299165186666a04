import Core
import Foundation
@testable import Traffic

/// A fresh temporary directory, removed by `cleanup()`.
struct TempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("traffic-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let target = file(name)
        try Data(text.utf8).write(to: target)
        return target
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// The CSV header in the documented order.
let csvHeader = "zone_id,lat,lon,hour_of_week,speed_kmh"

/// Two zones used by the import tests.
let twoZones = [
    TrafficZone(id: 3, center: GeoPoint(lat: 40.75, lon: -73.985)),
    TrafficZone(id: 7, center: GeoPoint(lat: 40.7612345678, lon: -73.9712345678)),
]

/// A speed with a long decimal expansion, so the round trip is tested on full precision.
func sampleSpeed(zone: Int, hour: Int) -> Double {
    5 + Double(zone * 1000 + hour) / 37  // 5–199 km/h: within the 300 km/h limit
}

/// One CSV line per zone and hour, zone-major, for `zones`.
func csvRows(_ zones: [TrafficZone], speed: (Int, Int) -> Double = sampleSpeed) -> [String] {
    zones.flatMap { zone in
        (0..<168).map { hour in "\(zone.id),\(zone.center.lat),\(zone.center.lon),\(hour),\(speed(zone.id, hour))" }
    }
}

/// A complete CSV text from a header and rows.
func csvText(header: String = csvHeader, _ rows: [String]) -> String {
    ([header] + rows).joined(separator: "\n") + "\n"
}

/// A small deterministic generator (SplitMix64) for random test points.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A table whose every zone has the same speed at every hour.
func uniformTable(_ zones: [TrafficZone], speedKmh: Double) throws -> TrafficTable {
    try TrafficTable(zones: zones, speeds: Array(repeating: speedKmh, count: zones.count * 168))
}
