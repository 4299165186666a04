import Core
import Foundation
import Scenario

/// Where a run's rider requests come from: sampled (``DemandModel``) or replayed from a
/// trip table (``TripTable``). The simulation pulls one request at a time, in time order.
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

/// The replay inputs of a run: a trip table to replay and/or drivers read from a file.
public struct ReplayInputs {
    /// Replayed demand, or nil to sample it.
    public var trips: TripTable?
    /// Drivers from a file, or nil to sample them.
    public var drivers: [DriverPlan]?
    /// The drivers file's report (the trip table reports at the end of the run).
    public var driversReport: InputFileReport?

    /// No replay: sampled demand and supply.
    public init() {}

    /// Opens the scenario's `demand.trips` (header only) and reads its `supply.drivers_file`;
    /// `display` turns a path into the form shown to the user.
    public init(scenario: Scenario, display: (URL) -> String) throws {
        if let url = scenario.demand.trips {
            trips = try TripTable(url: url, file: display(url), scenario: scenario)
        }
        if let url = scenario.supply.driversFile {
            let (plans, report) = try DriversFile.read(url: url, file: display(url), scenario: scenario)
            drivers = plans
            driversReport = report
        }
    }
}
