import Core
import Foundation
import Scenario
import Zones

/// Where a run's rider requests come from: sampled (``DemandModel``), sampled from
/// zone-to-zone rates (``ZoneDemandModel``) or replayed from a trip table (``TripTable``). The simulation pulls one request at a time, in time order.
public protocol DemandSource {
    /// The next request before `horizon` (ms), or nil when demand is over.
    mutating func next(before horizon: Millis) -> SampledRequest?
    /// Called once at the end of the run: reads whatever input is left (so every row is
    /// counted) and reports the input file, if any (with ``InputFileReport/readError`` set
    /// when the file could not be read to the end).
    mutating func finish() -> InputFileReport?
    /// The file reference of the request `next` returned last, for requests.csv
    /// (`source_line`, `source_id`); nil for sampled demand.
    var lastSource: (line: Int, id: String?)? { get }
}

extension DemandSource {
    /// Sampled demand has no input file.
    public mutating func finish() -> InputFileReport? { nil }
    /// Sampled demand has no file reference.
    public var lastSource: (line: Int, id: String?)? { nil }
}

extension DemandModel: DemandSource {}

/// The file inputs of a run: a trip table to replay and/or drivers read from a file, demand
/// zones and zone-to-zone rates.
public struct ReplayInputs {
    /// Replayed demand, or nil to sample it.
    public var trips: TripTable?
    /// Demand zones (`demand.zones`), or nil.
    public var zones: ZoneSet?
    /// Demand from zone-to-zone rates (`demand.od`), or nil.
    public var zoneDemand: ZoneDemandModel?
    /// The zone-to-zone rates of `demand.od`, or nil.
    public var odRates: ODRates?
    /// Drivers from a file, or nil to sample them.
    public var drivers: [DriverPlan]?
    /// The drivers file's report (the trip table reports at the end of the run).
    public var driversReport: InputFileReport?

    /// No replay: sampled demand and supply.
    public init() {}

    /// Reads `demand.zones` and `demand.od`, opens `demand.trips` (header only) and reads
    /// `supply.drivers_file`; `display` turns a path into the form shown to the user.
    public init(scenario: Scenario, display: (URL) -> String) throws {
        if let url = scenario.demand.zones {
            zones = try ZoneSet.load(url: url, file: display(url))
        }
        if let url = scenario.demand.od, let zones {
            let weekday = Scenario.localWeekday(start: scenario.start, utcOffsetSeconds: scenario.startUTCOffsetSeconds)
            let rates = try ODRates.load(url: url, file: display(url), weekday: weekday, zones: zones)
            let projection = LocalProjection(center: scenario.city.center)
            try ReplayInputs.checkInsideCity(zones, ids: rates.zoneIDs, scenario: scenario, projection: projection)
            zoneDemand = ZoneDemandModel(scenario: scenario, rates: rates, zones: zones, projection: projection)
            odRates = rates
        }
        if let url = scenario.demand.trips {
            trips = try TripTable(url: url, file: display(url), scenario: scenario, zones: zones)
        }
        if let url = scenario.supply.driversFile {
            let (plans, report) = try DriversFile.read(url: url, file: display(url), scenario: scenario)
            drivers = plans
            driversReport = report
        }
    }

    /// Every zone the OD table uses must lie inside the city disc (where drivers, the spatial
    /// index and the traffic raster live).
    private static func checkInsideCity(_ zones: ZoneSet, ids: [Int], scenario: Scenario, projection: LocalProjection) throws {
        let sampler = ZoneSampler(zones: zones, projection: projection)
        let radius = scenario.city.radiusKm * 1000
        for id in ids {
            let index = zones.index(ofID: id)!
            let far = sampler.farthestVertex(zoneIndex: index)
            if far > radius {
                let km = (far / 100).rounded(.up) / 10
                throw InputProblem(locatedMessage(
                    file: zones.file, line: nil, field: "zone \(id) (\(zones.zones[index].name))",
                    message: "reaches \(km) km from city.center, outside city.radius_km \(scenario.city.radiusKm)"))
            }
        }
    }
}
