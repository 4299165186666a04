import Foundation

/// Which way a drivable road may be driven, relative to the order of its nodes.
public enum TravelDirection: String, Sendable, Equatable {
    /// Both ways.
    case both
    /// In node order only.
    case forward
    /// Against node order only.
    case backward
}

/// A way kept for the road graph: its class, speed limit and direction.
public struct DrivableWay: Sendable, Equatable {
    /// The `highway` tag value (`residential`, `primary_link`, …): the edges' road class.
    public var roadClass: String
    /// The posted limit in km/h parsed from `maxspeed`, or nil.
    public var maxspeedKmh: Double?
    /// Which way the road may be driven.
    public var direction: TravelDirection
}

/// Decides which OpenStreetMap ways a car may drive and in which direction.
///
/// A way is drivable when its `highway` tag is one of ``roadClasses`` and it is not closed to
/// cars (`access`, `motor_vehicle` or `motorcar` = `no` or `private`) and not an area
/// (`area=yes`). Direction: `oneway=yes|true|1` forward, `-1` backward, `no|false|0` both;
/// without one of those values, roundabouts (`junction=roundabout|circular`) and motorways
/// are one way forward and everything else two way.
public enum DrivableFilter {
    /// The drivable `highway` values, in the order of the road hierarchy.
    public static let roadClasses = [
        "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link",
        "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified",
        "residential", "living_street", "service",
    ]
    private static let classSet = Set(roadClasses)
    private static let closedValues: Set<String> = ["no", "private"]

    /// The way's drivable description, or nil when cars may not drive it.
    public static func classify(_ tags: OSMTags) -> DrivableWay? {
        guard let highway = tags["highway"], classSet.contains(highway) else { return nil }
        for key in ["access", "motor_vehicle", "motorcar"] {
            if let value = tags[key], closedValues.contains(value) { return nil }
        }
        if tags["area"] == "yes" { return nil }
        return DrivableWay(roadClass: highway, maxspeedKmh: tags["maxspeed"].flatMap(parseMaxspeed),
                           direction: direction(tags, highway: highway))
    }

    /// The direction from `oneway`, or the implied one for roundabouts and motorways.
    static func direction(_ tags: OSMTags, highway: String) -> TravelDirection {
        switch tags["oneway"] {
        case "yes", "true", "1": return .forward
        case "-1": return .backward
        case "no", "false", "0": return .both
        default:
            let junction = tags["junction"]
            if junction == "roundabout" || junction == "circular" || highway == "motorway" { return .forward }
            return .both
        }
    }

    /// A `maxspeed` value in km/h: `50`, `50 km/h`, `50 kmh`, `30 mph` (× 1.609344, rounded to
    /// 0.01). Anything else (`walk`, `none`, `signals`, `RU:urban`, `50;30`, 0) is nil.
    public static func parseMaxspeed(_ text: String) -> Double? {
        var value = Substring(text.trimmingCharacters(in: .whitespaces))
        var factor = 1.0
        for (unit, unitFactor) in [("km/h", 1.0), ("kmh", 1.0), ("kph", 1.0), ("mph", 1.609344)] where value.hasSuffix(unit) {
            value = value.dropLast(unit.count)
            factor = unitFactor
            break
        }
        let number = value.trimmingCharacters(in: .whitespaces)
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let speed = Double(number), speed.isFinite, speed > 0 else { return nil }
        return factor == 1 ? speed : (speed * factor * 100).rounded() / 100
    }
}
