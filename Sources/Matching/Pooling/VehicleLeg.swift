import Core
import Traffic

/// The engine's account of the leg a pooled vehicle is driving: where and when it set off and
/// the stop it drives to, as the engine's own plan and the vehicle's stop records say. It is
/// how the engine knows where a vehicle is between its pings: a vehicle drives its leg at
/// the predicted speed of its departure hour (the simulator's truth without noise), so the
/// position now and the arrival at the stop follow from the leg alone, where a ping is up to
/// a ping interval old.
///
/// Set when a stop record arrives (the vehicle stands at that stop then and drives on to the
/// next stop of its plan), and when a decision gives the vehicle another first stop (it turns
/// where it is now). A decision whose rider is withdrawn at the same time is undone: the
/// vehicle never turned.
struct VehicleLeg: Sendable {
    /// Where the leg starts.
    var from: PlanePoint
    /// When, seconds since the scenario start.
    var departed: Double
    /// The stop the leg ends at (nil: the vehicle stands at ``from``, or repositions to ``target``).
    var to: PlannedStop?
    /// Where the leg ends (the stop's point; a platform repositioning target; nil: standing).
    var target: PlanePoint?
    /// Predicted seconds of the leg (0 when standing).
    var seconds: Double = 0
    /// The leg's route on a road network (empty: a straight segment).
    var path = LegPath()

    /// The leg from `from` at `departed` to `to`, timed (and routed) as the vehicle drives it.
    init(
        from: PlanePoint, departed: Double, to: PlannedStop?, target: PlanePoint? = nil, travel: any TravelModel,
        clock: LegClock
    ) {
        self.from = from
        self.departed = departed
        self.to = to
        self.target = to?.point ?? target
        guard let end = self.target else { return }
        let hour = clock.hour(at: departed)
        if travel.drivesRoutes {
            _ = travel.drive(from: from, to: end, hourOfWeek: hour, path: &path)
        }
        seconds = clock.seconds(from, end, hour)
    }

    /// When the vehicle reaches ``to``, seconds since the scenario start.
    var arrival: Double { departed + seconds }

    /// Where the vehicle is at `t` (on the road network: at the node it would turn from).
    func position(at t: Double, travel: any TravelModel) -> PlanePoint {
        guard let target else { return from }
        let f = seconds > 0 ? min(1, max(0, (t - departed) / seconds)) : 1
        return travel.snap(path.isStraight ? from.interpolated(to: target, fraction: f) : path.position(atFraction: f))
    }
}

extension PoolSearch {
    /// The leg clock of the engine's travel model: each leg at its departure hour.
    public func clock(_ search: CandidateSearch) -> LegClock {
        let travel = search.travel
        return LegClock(startUnixSeconds: startUnixSeconds) { travel.trip(from: $0, to: $1, hourOfWeek: $2).seconds }
    }

    /// Where `driver` stands for a decision now: on its known leg (position now, and the stop
    /// it reaches when) or, for a vehicle whose latest ping is newer than its last known stop
    /// (it moved since, repositioning), at that ping.
    public func start(of driver: Int32, search: CandidateSearch) -> VehicleStart {
        let d = Int(driver)
        let row = search.drivers.rows[d]
        guard d < legs.count, let leg = legs[d] else { return VehicleStart(location: row.location) }
        guard let to = leg.to else {
            // Standing, or on the platform's repositioning leg — unless a newer ping says it moved
            // since on its own (a driver's own repositioning, which the engine cannot know).
            let seen = row.locationTime?.seconds ?? -.infinity
            let moved = leg.target == nil ? seen > leg.departed : seen > leg.arrival
            return VehicleStart(location: moved ? row.location : leg.position(at: now, travel: search.travel))
        }
        return VehicleStart(location: leg.position(at: now, travel: search.travel),
                            heading: .init(stop: to, arrival: leg.arrival))
    }

    /// A stop record of `driver` at `time`: it stands at `point` and drives on to its plan's
    /// next stop.
    mutating func stopped(_ driver: Int, at point: PlanePoint, time: Double, search: CandidateSearch) {
        legs[driver] = VehicleLeg(from: point, departed: time, to: plans[driver].stops.first, travel: search.travel,
                                  clock: clock(search))
        legBefore[driver] = nil
    }

    /// A decision gives `driver`, standing at `start` now, the plan `stops`: a new first stop
    /// turns it where it is.
    mutating func planned(_ driver: Int, stops: [PlannedStop], from start: VehicleStart, search: CandidateSearch) {
        guard stops.first != start.heading?.stop || legs[driver] == nil else { return }
        if legTurnedAt[driver] != now {
            legBefore[driver] = legs[driver] ?? VehicleLeg(from: start.location, departed: now, to: nil,
                                                          travel: search.travel, clock: clock(search))
            legTurnedAt[driver] = now
        }
        legs[driver] = VehicleLeg(from: start.location, departed: now, to: stops.first, travel: search.travel,
                                  clock: clock(search))
    }

    /// The platform sent idle `driver` to `target` (snapped) at `time`: it repositions from where it stands.
    mutating func repositioned(_ driver: Int32, to target: PlanePoint, at time: Double, search: CandidateSearch) {
        let d = Int(driver)
        guard d < legs.count, plans[d].isEmpty else { return }
        let saved = now
        now = time
        let here = start(of: driver, search: search).location
        now = saved
        legs[d] = VehicleLeg(from: here, departed: time, to: nil, target: search.travel.snap(target), travel: search.travel,
                             clock: clock(search))
        legBefore[d] = nil
    }

    /// A rider of `driver` was withdrawn at `time` (declined, or the decision came too late):
    /// a turn made for it at that time is undone, or the vehicle turns to its plan's new first stop.
    mutating func withdrawn(_ driver: Int, at time: Double, search: CandidateSearch) {
        guard let leg = legs[driver] else { return }
        let first = plans[driver].stops.first
        if legTurnedAt[driver] == time, let before = legBefore[driver], first == before.to {
            legs[driver] = before
            legBefore[driver] = nil
        } else if first != leg.to {
            legs[driver] = VehicleLeg(from: leg.position(at: time, travel: search.travel), departed: time, to: first,
                                      travel: search.travel, clock: clock(search))
        }
    }
}
