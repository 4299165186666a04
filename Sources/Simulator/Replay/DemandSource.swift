import Core
import Foundation
import Matching
import Scenario
import Traffic
import Zones

/// Where a run's rider requests come from: sampled (``DemandModel``), sampled from
/// zone-to-zone rates (``ZoneDemandModel``) or replayed from a trip table (``TripTable``);
/// ``DemandRegistry`` picks the kind a scenario asks for. The simulation pulls one request
/// at a time, in time order.
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
    /// The expected pickups by traffic zone of `traffic` through the day, which a platform
    /// repositioning policy forecasts from (``DemandPrior``); nil (the default) when the
    /// source knows no more than the requests the engine sees.
    func forecast(traffic: TrafficModel) -> DemandPrior?
}

extension DemandSource {
    /// Sampled demand has no input file.
    public mutating func finish() -> InputFileReport? { nil }
    /// Sampled demand has no file reference.
    public var lastSource: (line: Int, id: String?)? { nil }
    /// No forecast beyond the requests seen.
    public func forecast(traffic: TrafficModel) -> DemandPrior? { nil }
}

/// The demand and supply inputs of one run: demand zones, the demand source the scenario's
/// kind opens (``DemandRegistry``) and the fleet (a drivers file, or sampled starts).
public struct RunInputs {
    /// Demand zones (`demand.zones`), or nil.
    public var zones: ZoneSet?
    /// The run's rider requests.
    public var demand: any DemandSource
    /// The run's drivers.
    public var fleet: Fleet

    /// Reads `demand.zones`, opens the scenario's demand source (a trip table: header only)
    /// and builds the fleet (reading `supply.drivers_file`), on the run's `plane`; `display`
    /// turns a path into the form shown to the user. Throws the first bad input as an
    /// ``InputError`` naming the file.
    public init(scenario: Scenario, plane: LocalProjection, display: (URL) -> String) throws {
        if let url = scenario.demand.zones {
            zones = try ZoneSet.load(url: url, file: display(url))
        }
        demand = try DemandRegistry.open(scenario, plane: plane, zones: zones, display: display)
        fleet = try Fleet(scenario: scenario, plane: plane, display: display)
    }
}
