import Core
import Traffic
import Zones

/// Where the replay sampler is: its track and the time of the next frame.
struct ReplaySampler {
    /// The frames so far.
    var track: ReplayTrack
    /// Time of the next frame, ms.
    var next: Millis = 0
    /// Requests before this id are all matched or cancelled (they never reopen).
    var firstOpen = 0
}

extension Simulation {
    /// Records every replay frame due before `t`. A frame at time `f` shows the state after
    /// every event at or before `f` (the main loop calls this before the first event after `f`). Reads the true state only: no random draw, no event,
    /// so a run with a replay has exactly the outcomes of one without.
    mutating func sampleReplay(before t: Millis) {
        guard var sampler = replay else { return }
        while sampler.next < t {
            let now = sampler.next
            var counts = ReplayTrack.Counts()
            for d in drivers.indices { counts.drivers[Int(Self.replayPhase(drivers[d].phase).rawValue)] += 1 }
            for d in sampler.track.drivers {
                let state = drivers[Int(d)]
                let p = state.position(at: now, path: paths[Int(d)])
                sampler.track.x.append(Float(p.x))
                sampler.track.y.append(Float(p.y))
                sampler.track.phases.append(Self.replayPhase(state.phase).rawValue)
            }
            while sampler.firstOpen < requests.count, !isOpen(requests[sampler.firstOpen]) { sampler.firstOpen += 1 }
            let stride = sampler.track.stride
            for r in sampler.firstOpen..<requests.count where isOpen(requests[r]) {
                counts.openRequests += 1
                if r % stride == 0, sampler.track.requestX.count < ReplayTrack.maxPositions {
                    let p = riders[r].origin
                    sampler.track.requestX.append(Float(p.x))
                    sampler.track.requestY.append(Float(p.y))
                }
            }
            sampler.track.requestStarts.append(Int32(sampler.track.requestX.count))
            sampler.track.counts.append(counts)
            sampler.track.times.append(now)
            sampler.next = now + sampler.track.interval
        }
        replay = sampler
    }

    /// Adds an idle span of a driver waiting at `p` to its traffic zone and demand zone.
    mutating func tallyIdle(at p: PlanePoint, _ span: Millis) {
        idleByZone[traffic.zoneIndex(at: p)] += span
        if let zones = demandZones, let z = zones.zoneIndex(containing: traffic.projection.unproject(p)) {
            idleByDemandZone[z] += span
        }
    }

    /// Idle driver time by demand zone id (zones where some driver waited), ms.
    func idleTimeByDemandZone() -> [Int: Millis] {
        guard let zones = demandZones else { return [:] }
        var out: [Int: Millis] = [:]
        for (z, t) in idleByDemandZone.enumerated() where t > 0 { out[zones.zones[z].id] = t }
        return out
    }

    /// The demand zones (`demand.zones`) as map shapes; empty without them.
    func demandZoneShapes() -> [ZoneShape] {
        (demandZones?.zones ?? []).map { zone in
            ZoneShape(id: String(zone.id), polygons: zone.polygons.map { [$0.outer] + $0.holes })
        }
    }

    /// Idle driver time by traffic zone id (zones where some driver waited), ms.
    func idleTimeByZone() -> [Int: Millis] {
        var out: [Int: Millis] = [:]
        for (z, t) in idleByZone.enumerated() where t > 0 { out[traffic.table.zones[z].id] = t }
        return out
    }

    private func isOpen(_ r: RequestRecord) -> Bool { r.matchTime == nil && r.cancelTime == nil }

    private static func replayPhase(_ phase: Phase) -> ReplayPhase {
        switch phase {
        case .idle: .idle
        case .toPickup: .toPickup
        case .onTrip: .onTrip
        case .offline: .offline
        case .repositioning: .repositioning
        }
    }
}

extension Simulation {
    /// Keeps a completed trip's road route (a network run's trip leg; a straight-line run
    /// records nothing). The ends are the request's own pickup and drop-off points, and
    /// repeated vertices (the snapped rider standing on its node) are dropped.
    mutating func recordTripRoute(request r: Int, path: LegPath) {
        guard !path.isStraight else { return }
        let projection = traffic.projection
        var points = [requests[r].origin]
        points.reserveCapacity(path.points.count)
        for p in path.points.dropFirst().dropLast() {
            let g = projection.unproject(p)
            if g != points[points.count - 1] { points.append(g) }
        }
        if requests[r].destination != points[points.count - 1] || points.count == 1 { points.append(requests[r].destination) }
        tripRoutes.append(TripRoute(request: Int32(r), points: points))
    }
}
