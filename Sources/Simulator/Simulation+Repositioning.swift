import Core
import Foundation
import Matching
import Scenario
import Traffic

/// The simulator's side of repositioning: the policy, the places drivers know, and the
/// decisions' tallies.
struct IdleMoves {
    /// The policy (nil: `stay`, nothing moves).
    let policy: (any RepositioningPolicy)?
    /// Whether the platform decides (the engine's reposition decisions are played out).
    let platform: Bool
    /// Time between two reconsiderations of idle drivers, ms.
    let interval: Millis
    /// Published places of demand: the scenario's hotspots, else the busiest zones seen.
    var hotspots: [PlanePoint]
    /// Whether `hotspots` come from the scenario (else refreshed from the engine every interval).
    let fixedHotspots: Bool
    /// Road metres of each driver's current repositioning leg.
    var legMeters: [Double]
    /// Whether each driver's current leg heads for a request a `pool-batch` window left unassigned.
    var towardsUnassigned: [Bool]
    /// The policy's name, its decisions' tallies and every leg driven.
    var stats = RepositioningStats()

    /// Radius within which a driver counts as at a hotspot, metres.
    static let hotspotRadius = 500.0
    /// How many busiest zones are published when the scenario has no hotspots.
    static let busiestZones = 5

    init(_ setup: RepositioningSetup, drivers: Int) {
        policy = setup.policy
        platform = setup.policy.map { type(of: $0).decider == .platform } ?? false
        interval = setup.interval
        hotspots = setup.hotspots
        fixedHotspots = !hotspots.isEmpty
        stats.policy = setup.name
        legMeters = Array(repeating: 0, count: drivers)
        towardsUnassigned = Array(repeating: false, count: drivers)
    }

    /// Whether drivers decide for themselves where to wait.
    var driverDecides: Bool { policy != nil && !platform }
}

extension EngineConfig {
    /// The policy settings `supply.repositioning` implies.
    public static func repositioningSettings(_ r: Scenario.Repositioning) -> RepositioningSettings {
        RepositioningSettings(interval: max(1, .fromSeconds(r.interval)), maxMeters: r.maxKm * 1000,
                              cruiseSpeed: r.cruiseSpeed, cruiseMeters: r.cruiseKm * 1000)
    }

    /// The engine's part in `supply.repositioning` (nil for `stay` or an unknown policy).
    static func repositioning(_ r: Scenario.Repositioning) -> EngineRepositioning? {
        guard r.isActive, let type = RepositioningRegistry.type(named: r.policy) else { return nil }
        return EngineRepositioning(settings: repositioningSettings(r), platform: type.decider == .platform, policy: r.policy)
    }
}

extension Simulation {
    /// Whether driver `d` can take a match: idle, or repositioning (matched on the way).
    func isAvailable(_ d: Int) -> Bool {
        drivers[d].phase == .idle || drivers[d].phase == .repositioning
    }

    /// Schedules the first reconsideration of idle drivers (driver policies) at time 0.
    mutating func startRepositioning() {
        if moves.driverDecides { queue.schedule(.repositionTick, at: 0) }
    }

    /// Every interval: refresh the published busiest zones and let every idle driver reconsider.
    mutating func repositionTick(at now: Millis) {
        if !moves.fixedHotspots, let rebalancer = engine.rebalancer {
            moves.hotspots = rebalancer.busiestZones(IdleMoves.busiestZones, traffic: traffic)
        }
        for d in drivers.indices where drivers[d].phase == .idle { considerMove(d, at: now) }
        queue.schedule(.repositionTick, at: now + moves.interval)
    }

    /// A driver became idle at `now`: under a driver policy it decides where to wait.
    mutating func becameIdle(_ d: Int, at now: Millis) {
        guard moves.driverDecides, drivers[d].phase == .idle else { return }
        considerMove(d, at: now)
    }

    /// Asks the driver policy where idle driver `d` goes, and starts that leg. Its random
    /// draws come from a generator keyed by (driver, time) on the policy's own stream.
    mutating func considerMove(_ d: Int, at now: Millis) {
        guard let policy = moves.policy, now < drivers[d].shiftEnd else { return }
        let context = RepositioningContext(
            traffic: traffic, cityRadius: scenario.city.radiusKm * 1000, hotspots: moves.hotspots,
            hotspotRadius: IdleMoves.hotspotRadius, surge: engine.surge)
        var rng = RandomSource(seed: scenario.seed, stream: .reposition, key: (UInt64(d) + 1) << 40 ^ UInt64(now))
        guard let target = policy.destination(from: drivers[d].from, context: context, rng: &rng) else { return }
        startReposition(d, to: target, at: now, speedFactor: policy.speedFactor)
    }

    /// Plays out the engine's reposition decisions (platform policies, and a re-optimising
    /// `pool-batch`'s rebalancing): an available driver heads for the target; one that is
    /// busy or offline by now ignores it.
    mutating func applyRepositions(at now: Millis) {
        for decision in engine.takeRepositionDecisions() {
            let d = Int(decision.driver)
            guard isAvailable(d), now < drivers[d].shiftEnd else {
                moves.stats.decisionsIgnored += 1
                continue
            }
            moves.stats.decisionsApplied += 1
            _ = stopRepositioning(d, at: now)
            startReposition(d, to: decision.target, at: now, speedFactor: 1)
            moves.towardsUnassigned[d] = decision.towardsUnassigned
        }
    }

    /// Starts a repositioning leg of idle driver `d` to (the routable point nearest) `target`.
    mutating func startReposition(_ d: Int, to target: PlanePoint, at now: Millis, speedFactor: Double) {
        let from = drivers[d].from, to = travel.snap(target)
        guard from != to else { return }
        let leg = travel.drive(from: from, to: to, hourOfWeek: hour(at: now), path: &paths[d])
        guard leg.meters > 0, leg.speed > 0 else { return }
        close(driver: d, at: now)
        var rng = RandomSource(seed: scenario.seed, stream: .reposition, key: ~((UInt64(d) + 1) << 40 ^ UInt64(now)))
        let factor = exp(speedSigma * rng.normal() - speedSigma * speedSigma / 2)
        let duration = max(1, Millis.fromSeconds(leg.meters / (leg.speed * speedFactor * factor)))
        drivers[d].phase = .repositioning
        drivers[d].to = to
        drivers[d].legStart = now
        drivers[d].legEnd = now + duration
        moves.legMeters[d] = leg.meters
        moves.towardsUnassigned[d] = false
        queue.schedule(.repositionEnd(driver: Int32(d)), at: now + duration)
    }

    /// A repositioning leg ends: the driver is idle at its target, and decides again.
    mutating func endReposition(_ d: Int, at now: Millis) {
        guard drivers[d].phase == .repositioning, drivers[d].legEnd == now else { return }  // cut short earlier
        close(driver: d, at: now)
        record(d, meters: moves.legMeters[d], at: now)
        drivers[d].phase = .idle
        drivers[d].from = drivers[d].to
        becameIdle(d, at: now)
    }

    /// Books a leg of driver `d` that ends at `now` after `meters`.
    private mutating func record(_ d: Int, meters: Double, at now: Millis) {
        ledger[d].repositionMeters += meters
        var driven = RepositionLeg(driver: Int32(d), start: drivers[d].legStart, end: now, meters: meters)
        driven.towardsUnassigned = moves.towardsUnassigned[d]
        moves.stats.legs.append(driven)
    }

    /// Stops driver `d`'s repositioning leg at `now` (a match, a new decision, a shift end)
    /// and returns where the driver stands: its true position along the leg, snapped to the
    /// nearest routable point on a road network. The ledger counts the driven share of the
    /// leg's distance (the share of its time). An idle driver just returns its place.
    mutating func stopRepositioning(_ d: Int, at now: Millis) -> PlanePoint {
        guard drivers[d].phase == .repositioning else { return drivers[d].from }
        let state = drivers[d]
        let here = travel.snap(state.position(at: now, path: paths[d]))
        let span = state.legEnd - state.legStart
        let fraction = span > 0 ? min(1, max(0, Double(now - state.legStart) / Double(span))) : 1
        close(driver: d, at: now)
        record(d, meters: fraction * moves.legMeters[d], at: now)
        drivers[d].phase = .idle
        drivers[d].from = here
        return here
    }
}
