import Core
import Foundation
import GRDB

extension TrafficDatabase {
    /// A human summary of a traffic database, for `ridematch traffic show`: source, zone and
    /// row counts, the area the zone centres span, min/mean/max speed, mean speed by hour of
    /// day (UTC) on weekdays and at weekends, and the slowest and fastest zones.
    ///
    /// The database is validated as by ``load(_:displayPath:)`` and the same errors are thrown.
    public static func describe(_ database: URL, displayPath: String) throws -> String {
        let (table, meta) = try read(database, displayPath: displayPath) { db in
            var meta: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT CAST(key AS TEXT), CAST(value AS TEXT) FROM meta") {
                if let key = row[0] as String? { meta[key] = (row[1] as String?) ?? "" }
            }
            return (try readTable(db, file: displayPath), meta)
        }
        return describe(table, path: displayPath, meta: meta)
    }

    /// The summary text for an already loaded table.
    static func describe(_ table: TrafficTable, path: String, meta: [String: String]) -> String {
        let hours = TrafficTable.hoursPerWeek
        let zoneCount = table.zones.count
        var lines: [String] = []
        lines.append("traffic database \(path)")
        lines.append("  schema version \(meta["schema_version"] ?? "?"), imported from \(meta["source"] ?? "?")")
        lines.append("  zones: \(zoneCount), rows: \(table.speeds.count) (\(hours) hours of the week per zone)")
        let lats = table.zones.map(\.center.lat), lons = table.zones.map(\.center.lon)
        lines.append("  zone centres: lat \(fixed(lats.min()!, 5))...\(fixed(lats.max()!, 5)), "
            + "lon \(fixed(lons.min()!, 5))...\(fixed(lons.max()!, 5))")
        let mean = table.speeds.reduce(0, +) / Double(table.speeds.count)
        lines.append("  speed km/h: min \(fixed(table.minSpeedKmh, 1)), mean \(fixed(mean, 1)), max \(fixed(table.maxSpeedKmh, 1))")

        // Mean over zones and days by hour of day; hour of week 0 = Monday 00:00 UTC, so
        // days 0-4 are weekdays and 5-6 the weekend (in UTC).
        var weekday = [Double](repeating: 0, count: 24), weekend = [Double](repeating: 0, count: 24)
        for zone in 0..<zoneCount {
            for hour in 0..<hours {
                let speed = table.speeds[zone * hours + hour]
                if hour / 24 < 5 { weekday[hour % 24] += speed } else { weekend[hour % 24] += speed }
            }
        }
        lines.append("")
        lines.append("mean speed km/h by hour of day (UTC; weekday = Mon-Fri, weekend = Sat-Sun)")
        lines.append("  hour  weekday  weekend     hour  weekday  weekend")
        for hour in 0..<12 {
            func cells(_ h: Int) -> String {
                pad(String(format: "%02d", h), 6) + pad(fixed(weekday[h] / Double(5 * zoneCount), 1), 9)
                    + pad(fixed(weekend[h] / Double(2 * zoneCount), 1), 9)
            }
            lines.append(cells(hour) + "   " + cells(hour + 12))
        }

        let zoneMeans = (0..<zoneCount).map { zone in
            table.speeds[(zone * hours)..<((zone + 1) * hours)].reduce(0, +) / Double(hours)
        }
        let ranked = zoneMeans.indices.sorted { (zoneMeans[$0], table.zones[$0].id) < (zoneMeans[$1], table.zones[$1].id) }
        let shown = min(3, zoneCount)
        func zoneLine(_ index: Int) -> String {
            let zone = table.zones[index]
            return "    zone \(zone.id) at (\(fixed(zone.center.lat, 5)), \(fixed(zone.center.lon, 5))): "
                + "mean \(fixed(zoneMeans[index], 1)) km/h, min \(fixed(table.speeds[(index * hours)..<((index + 1) * hours)].min()!, 1))"
        }
        lines.append("")
        lines.append("slowest zones (mean over the week):")
        lines.append(contentsOf: ranked.prefix(shown).map(zoneLine))
        lines.append("fastest zones (mean over the week):")
        lines.append(contentsOf: ranked.suffix(shown).reversed().map(zoneLine))
        return lines.joined(separator: "\n")
    }

    private static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
