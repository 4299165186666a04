import Core
import Foundation
import Matching
import Scenario
import Simulator

/// What a run will cost before it starts: the simulator events it will process and the
/// peak memory of its data structures, from the scenario's settings alone (and the row
/// counts of its replay files). `validate` and `run` print it; a run whose estimate
/// exceeds the machine's available memory, or ``maxEvents``, is refused unless forced.
///
/// The model (docs/performance.md, "Run estimate", gives the calibration):
///
///     events = 2 · drivers · duration / ping_interval        (a ping, then its delivery)
///            + eventsPerRequest · requests + duration / timer period
///     memory = base + bytesPerDriver · drivers + 8 B · index cells
///            + bytesPerRequest · requests                    (requests.csv rows, kept all run)
///            + bytesPerRecordInFlight · records in flight    (record rate × mean delivery delay)
///            + bytesPerLateRecord · late records             (late_events.csv rows)
///
/// Expected requests come from the scenario's demand kind (``DemandRegistry``,
/// ``DemandKind/expectedRequests(for:)``): a new demand source brings its own.
public struct RunEstimate: Sendable, Equatable {
    /// Expected rider requests over the horizon.
    public var requests: Double
    /// Drivers in the run.
    public var drivers: Double
    /// Expected simulator events.
    public var events: Double
    /// The memory terms, bytes, each with the settings that drive it.
    public var terms: [Term]

    /// One part of the peak memory.
    public struct Term: Sendable, Equatable {
        /// What it is and which settings drive it, for the refusal message.
        public var cause: String
        /// Bytes.
        public var bytes: Double
    }

    /// Peak memory, bytes.
    public var peakBytes: Double { terms.reduce(0) { $0 + $1.bytes } }

    /// Most events a run may have without `--force`: about four hours at 8 M events/s.
    public static let maxEvents = 1e11

    // Calibrated constants (release build, docs/performance.md "Run estimate").
    static let baseBytes = 30e6
    static let bytesPerDriver = 450.0
    static let bytesPerRequest = 700.0
    static let bytesPerRecordInFlight = 140.0
    static let bytesPerLateRecord = 250.0
    static let eventsPerRequest = 7.0

    /// Estimates a validated scenario's run.
    public init(scenario: Scenario) {
        let duration = scenario.duration
        let supply = scenario.supply
        let demand = DemandRegistry.kind(for: scenario)
        requests = demand.expectedRequests(for: scenario) ?? 0
        drivers = supply.driversFile.map { Double(ReplayCSV.dataRows(of: $0)) } ?? Double(supply.drivers)
        let pingsPerSecond = drivers / supply.pingInterval
        let period: Double
        switch (try? RunAssembler.strategy(for: scenario))?.cadence {
        case .batched(let window)?: period = max(0.001, window.seconds)
        case .immediate(let retry)?: period = max(0.001, retry.seconds)
        case nil: period = 1
        }
        events = 2 * pingsPerSecond * duration + Self.eventsPerRequest * requests + duration / period
        // Records in flight: the record rate times the mean delay, never more than the run's records.
        let records = pingsPerSecond * duration + 4 * requests
        let inFlight = min(records, records / duration * supply.deliveryDelay.mean)
        // A record is late when its delay exceeds the watermark lag plus the allowed lateness
        // (exponential delays, capped at max).
        let slack = scenario.streams.outOfOrderness + scenario.streams.allowedLateness
        let lateShare = supply.deliveryDelay.max > slack && supply.deliveryDelay.mean > 0
            ? exp(-slack / supply.deliveryDelay.mean) : 0
        let lateRecords = lateShare * records
        let side = (2 * scenario.city.indexHalfExtentMeters / scenario.city.cellSizeM).rounded(.up)
        terms = [
            Term(cause: "runtime and traffic tables", bytes: Self.baseBytes),
            Term(cause: "\(Self.count(drivers)) drivers (supply.drivers)", bytes: Self.bytesPerDriver * drivers),
            Term(cause: "\(Self.count(side * side)) spatial index cells (city.cell_size_m)", bytes: 8 * side * side),
            Term(cause: "\(Self.count(requests)) requests (\(demand.volumeSetting) × duration)",
                 bytes: Self.bytesPerRequest * requests),
            Term(cause: "\(Self.count(inFlight)) records in flight (supply.drivers / supply.ping_interval "
                    + "× supply.delivery_delay.mean)", bytes: Self.bytesPerRecordInFlight * inFlight),
            Term(cause: "\(Self.count(lateRecords)) late records (supply.delivery_delay "
                    + "beyond streams.out_of_orderness + allowed_lateness)", bytes: Self.bytesPerLateRecord * lateRecords),
        ]
    }

    /// Estimates the scenario's run and returns the refusal as an ``InputProblem`` naming
    /// the file, unless `force`; `available` defaults to ``availableMemory(environment:)``.
    public static func admit(_ scenario: Scenario, force: Bool, available: Double? = nil) throws -> RunEstimate {
        let estimate = RunEstimate(scenario: scenario)
        if !force, let why = estimate.refusal(available: available ?? availableMemory()) {
            throw InputProblem("\(ScenarioRun.displayPath(scenario.file)): \(why)")
        }
        return estimate
    }

    /// The line `run` prints on stderr and `validate` appends to its `ok:` line.
    public var summary: String {
        "estimate: \(Self.count(events)) events, \(Self.bytes(peakBytes)) peak memory"
    }

    /// Why the run may not start on a machine with `available` bytes, or nil if it may.
    public func refusal(available: Double) -> String? {
        if peakBytes > available, let top = terms.max(by: { $0.bytes < $1.bytes }) {
            return "estimated peak memory \(Self.bytes(peakBytes)) exceeds the \(Self.bytes(available)) available, "
                + "mostly \(Self.bytes(top.bytes)) for \(top.cause); lower those settings or use --force"
        }
        if events > Self.maxEvents {
            return "about \(Self.count(events)) events, more than the 10^11 a run may have "
                + "(about 4 hours at 8 M events/s); lower supply.drivers, duration or demand, raise supply.ping_interval, "
                + "or use --force"
        }
        return nil
    }

    /// The memory a run may plan to use: `RIDEMATCH_MEMORY_LIMIT` (bytes, or with a K, M or G
    /// suffix) when set, else the kernel's MemAvailable (/proc/meminfo), else physical memory.
    public static func availableMemory(environment: [String: String] = ProcessInfo.processInfo.environment) -> Double {
        if let text = environment["RIDEMATCH_MEMORY_LIMIT"], let value = parseBytes(text) { return value }
        if let meminfo = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = meminfo.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
           let kb = Double(line.split(separator: " ").dropFirst().first ?? "") {
            return kb * 1024
        }
        return Double(ProcessInfo.processInfo.physicalMemory)
    }

    /// `512M`, `8G`, `1048576`: bytes, or nil.
    static func parseBytes(_ text: String) -> Double? {
        let units: [Character: Double] = ["K": 0x1p10, "M": 0x1p20, "G": 0x1p30, "T": 0x1p40]
        var digits = text.trimmingCharacters(in: .whitespaces).uppercased()
        if digits.hasSuffix("B") { digits.removeLast() }
        var scale = 1.0
        if let last = digits.last, let unit = units[last] {
            scale = unit
            digits.removeLast()
        }
        guard let value = Double(digits), value.isFinite, value > 0 else { return nil }
        return value * scale
    }

    /// `4.4 M`, `812 k`, `3.6e11`: a count for people.
    static func count(_ x: Double) -> String {
        switch x {
        case ..<1e3: String(Int(x.rounded()))
        case ..<1e6: String(format: "%.0f k", x / 1e3)
        case ..<1e9: String(format: "%.1f M", x / 1e6)
        case ..<1e12: String(format: "%.1f G", x / 1e9)
        default: String(format: "%.1e", x).replacingOccurrences(of: "e+", with: "e")
        }
    }

    /// `39 MB`, `1.2 GB`: decimal units.
    static func bytes(_ x: Double) -> String {
        switch x {
        case ..<1e9: String(format: "%.0f MB", x / 1e6)
        case ..<1e12: String(format: "%.1f GB", x / 1e9)
        default: String(format: "%.1f TB", x / 1e12)
        }
    }
}
