import Core
import Streams
import Testing
@testable import Matching

/// The engine's stream semantics, proved on hand-written record sequences (docs/streams.md).
/// Default engine: 10 m/s flat city, out-of-orderness 2 s, allowed lateness 10 s, staleness 30 s.
@Suite("Topology: engine alone between its logs")
struct TopologyTests {
    @Test("in order: each request gets the nearest driver; offsets count per stream")
    func inOrder() throws {
        var t = TopologyDriver(try makeEngine())
        t.pipe([
            Feed.status(0, .available, at: 0), Feed.status(1, .available, at: 0),
            Feed.ping(0, x: 0, y: 500, at: 1000), Feed.ping(1, x: 0, y: 200, at: 1000),
            Feed.request(10, from: (0, 0), to: (0, 2000), at: 2000),
            Feed.request(11, from: (0, 0), to: (0, 2000), at: 3000),
        ])
        #expect(t.matches == [[0, 10, 1, 2000], [1, 11, 0, 3000]])
        #expect(t.late.isEmpty)
        #expect(t.tap.records.map(\.offset) == [0, 1, 0, 1, 0, 0, 1, 1])
        #expect(t.tap.records.map(\.source) == [.driverApp, .driverApp, .driverApp, .driverApp, .riderApp, .engine, .riderApp, .engine])
        #expect([StreamName.rideRequests, .driverLocations, .driverStatus, .riderCancels, .matches].map(t.log.count(of:)) == [2, 2, 2, 0, 2])
        #expect(t.engine.drivers.rows[1].status == .busy && t.engine.drivers.rows[1].statusTime == 2000)
        #expect(t.engine.drivers.rows[0].status == .busy && t.engine.drivers.rows[0].statusTime == 3000)
        #expect(t.engine.watermarks.joint == -2000)  // driver-status last saw event time 0
    }

    @Test("out of order within the bound: an older ping of another driver and an older request still count")
    func outOfOrderWithinBound() throws {
        var t = TopologyDriver(try makeEngine())
        t.pipe([
            Feed.status(0, .available, at: 0), Feed.status(1, .available, at: 0),
            Feed.ping(0, x: 0, y: 800, at: 5000),
            Feed.ping(1, x: 0, y: 300, at: 4000, arrives: 5500),
            Feed.request(20, from: (0, 0), to: (0, 2000), at: 3000, arrives: 6000),
        ])
        #expect(t.late.isEmpty)
        #expect(t.matches == [[0, 20, 1, 6000]])
        #expect(t.engine.drivers.rows[1].locationTime == 4000)
        #expect(t.engine.drivers.outdatedPings == 0)
        #expect(t.engine.watermarks.watermark(of: .driverLocations) == 3000)
        #expect(t.engine.watermarks.watermark(of: .rideRequests) == 1000)
    }

    @Test("late beyond the lateness: reported with the watermark; never changes a decision already made")
    func lateRecords() throws {
        var t = TopologyDriver(try makeEngine())
        t.pipe([
            Feed.status(0, .available, at: 50_000), Feed.ping(0, x: 0, y: 100, at: 50_000),
            Feed.request(1, from: (0, 0), to: (0, 2000), at: 50_000),
            Feed.cancel(99, at: 50_000),  // every input stream has now carried a record
        ])
        #expect(t.matches == [[0, 1, 0, 50_000]])
        #expect(t.engine.watermarks.joint == 48_000)  // late: event time < 38 000
        t.pipe([
            Feed.ping(0, x: 0, y: 5000, at: 30_000, arrives: 50_100),          // not applied
            Feed.status(0, .available, at: 37_000, arrives: 50_200),          // older than the busy mark at 50 000
            Feed.request(2, from: (0, 0), to: (0, 900), at: 30_000, arrives: 50_300),  // waits: no free driver
            Feed.cancel(2, at: 37_500, arrives: 50_400),                       // removes the waiting request
            Feed.cancel(3, at: 37_000, arrives: 50_500),                       // nothing waiting: no tombstone
            Feed.status(1, .available, at: 20_000, arrives: 50_600),          // newer than nothing: applied
            Feed.ping(1, x: 0, y: 50, at: 50_700),
            Feed.request(4, from: (0, 0), to: (0, 900), at: 35_000, arrives: 50_800),  // late, still matched
        ])
        #expect(t.late == [
            "driver-locations 0 @30000 wm 48000", "driver-status 0 @37000 wm 48000",
            "ride-requests 2 @30000 wm 48000", "rider-cancels 2 @37500 wm 48000",
            "rider-cancels 3 @37000 wm 48000", "driver-status 1 @20000 wm 48000",
            "ride-requests 4 @35000 wm 48000",
        ])
        #expect(t.engine.lateRecords.map(\.record.offset) == [1, 1, 1, 1, 2, 2, 2])
        #expect(t.engine.lateRecords.map(\.applied) == [false, false, true, true, false, true, true])
        #expect(t.matches == [[0, 1, 0, 50_000], [1, 4, 1, 50_800]])
        let driver0 = t.engine.drivers.rows[0]
        #expect(driver0.location == PlanePoint(x: 0, y: 100) && driver0.locationTime == 50_000)
        #expect(driver0.status == .busy && driver0.statusTime == 50_000)
        #expect(t.engine.drivers.outdatedStatuses == 1)
        #expect(t.engine.pending.isEmpty)
        #expect(t.engine.tombstones.count == 1)  // only the on-time cancel 99
        // Late records never move a watermark; the on-time ping at 50 700 moved its stream's.
        #expect(t.engine.watermarks.joint == 48_000)
        #expect(t.engine.watermarks.watermark(of: .driverLocations) == 48_700)
    }

    @Test("a location older than the staleness bound at decision time is not a candidate, even if it arrived just now")
    func stalePing() throws {
        var t = TopologyDriver(try makeEngine())
        t.pipe([
            Feed.status(0, .available, at: 0), Feed.status(1, .available, at: 0),
            Feed.ping(1, x: 0, y: 900, at: 20_000),
            Feed.ping(0, x: 0, y: 100, at: 9000, arrives: 39_500),  // 30.5 s in flight; on time (joint −2000)
            Feed.request(5, from: (0, 0), to: (0, 2000), at: 39_800, arrives: 40_000),
        ])
        #expect(t.late.isEmpty)
        #expect(t.engine.drivers.rows[0].locationTime == 9000)
        #expect(t.matches == [[0, 5, 1, 40_000]])  // driver 0 is 31 s old, driver 1 is 20 s old
    }

    @Test("equal timestamps: the later arrival wins, for pings and statuses alike")
    func equalTimestamps() throws {
        var t = TopologyDriver(try makeEngine())
        t.pipe([
            Feed.ping(0, x: 0, y: 100, at: 1000), Feed.ping(0, x: 0, y: 700, at: 1000, arrives: 1200),
            Feed.status(0, .busy, at: 2000), Feed.status(0, .available, at: 2000, arrives: 2100),
            Feed.request(6, from: (0, 0), to: (0, 2000), at: 2500),
        ])
        #expect(t.engine.drivers.outdatedPings == 0 && t.engine.drivers.outdatedStatuses == 0)
        #expect(t.matches == [[0, 6, 0, 2500]])
        #expect(t.engine.lateRecords.isEmpty)
        let quoted = t.tap.records.last.flatMap { r -> Double? in
            if case .match(_, let eta, _) = r.payload { eta } else { nil }
        }
        #expect(quoted == 70)  // from (0, 700), the later of the two equal-time pings
    }

    @Test("a ping or status older than the stored version is ignored: versions are per field, by event time")
    func olderVersions() throws {
        var t = TopologyDriver(try makeEngine())
        t.pipe([
            Feed.ping(0, x: 300, y: 0, at: 5000),
            Feed.ping(0, x: 10, y: 0, at: 4000, arrives: 6000),
            Feed.status(0, .available, at: 8000),
            Feed.status(0, .busy, at: 7000, arrives: 9000),
        ])
        let row = t.engine.drivers.rows[0]
        #expect(row.location == PlanePoint(x: 300, y: 0) && row.locationTime == 5000)
        #expect(row.status == .available && row.statusTime == 8000)
        #expect(t.engine.drivers.outdatedPings == 1 && t.engine.drivers.outdatedStatuses == 1)
        #expect(t.engine.drivers.index.position(of: 0) == PlanePoint(x: 300, y: 0))
        #expect(t.late.isEmpty)
    }

    @Test("a cancel that overtakes its request leaves a tombstone; the request is dropped; the watermark evicts the rest")
    func tombstones() throws {
        var t = TopologyDriver(try makeEngine())
        t.pipe([
            Feed.status(0, .available, at: 0), Feed.ping(0, x: 0, y: 100, at: 0),
            Feed.cancel(9, at: 20_000, arrives: 20_100),
            Feed.request(9, from: (0, 0), to: (0, 900), at: 10_000, arrives: 21_000),
            Feed.cancel(12, at: 30_000),  // its request was never seen: e.g. already matched
        ])
        #expect(t.late.isEmpty)
        #expect(t.matches.isEmpty)  // without the tombstone, driver 0 would have been sent to a rider who left
        #expect(t.engine.pending.isEmpty)
        #expect(t.engine.tombstones.consumed == 1)
        #expect(t.engine.tombstones.entries == [CancelTombstones.Entry(key: 12, eventTime: 30_000)])
        t.advance(to: 31_000)
        #expect(t.engine.tombstones.count == 1)  // joint watermark −2000 (driver-status): 12 is still reachable
        t.pipe([
            Feed.status(1, .available, at: 45_000), Feed.ping(0, x: 0, y: 100, at: 45_000),
            Feed.request(13, from: (0, 0), to: (0, 900), at: 45_000), Feed.cancel(14, at: 45_000),
        ])
        #expect(t.engine.watermarks.joint == 43_000)
        t.advance(to: 46_000)
        #expect(t.engine.tombstones.entries == [CancelTombstones.Entry(key: 14, eventTime: 45_000)])
        #expect(t.engine.tombstones.evicted == 1)
        #expect(t.matches == [[0, 13, 0, 45_000]])
    }

    @Test("an idle stream stops holding the watermark back: with it, a delayed ping is late; without idleness it is not")
    func idleness() throws {
        let records = [
            Feed.status(0, .available, at: 0), Feed.ping(0, x: 0, y: 100, at: 0),
            Feed.cancel(50, at: 1000),  // the only cancel for a while
            Feed.ping(0, x: 0, y: 100, at: 30_000), Feed.status(0, .available, at: 30_000),
            Feed.ping(0, x: 0, y: 900, at: 15_000, arrives: 30_500),
        ]
        var idle = TopologyDriver(try makeEngine(idleTimeout: 10_000))
        idle.pipe(records)
        #expect(idle.engine.watermarks.isIdle(.riderCancels))
        #expect(idle.engine.watermarks.joint == 28_000)
        #expect(idle.late == ["driver-locations 0 @15000 wm 28000"])
        var never = TopologyDriver(try makeEngine())
        never.pipe(records)
        #expect(never.engine.watermarks.joint == -1000)  // held back by the cancel at 1 s
        #expect(never.late.isEmpty)
        #expect(never.engine.drivers.outdatedPings == 1)  // on time, but older than the stored ping
    }

    @Test("peak keyed state does not grow with the horizon", arguments: [(600, 2400)])
    func boundedState(horizons: (Int, Int)) throws {
        let short = try peakState(seconds: horizons.0)
        let long = try peakState(seconds: horizons.1)
        #expect(short.peak == long.peak)
        #expect(long.peak <= 16)
        #expect(long.evicted > horizons.1 / 10 - 5)  // the orphan cancels were evicted, not kept
        #expect(long.live < 5)
    }

    /// One request a second, no driver: riders cancel after 10 s (every fifth cancel
    /// overtakes its request), and every tenth second a cancel whose request never comes.
    private func peakState(seconds: Int) throws -> (peak: Int, evicted: Int, live: Int) {
        var records: [Record] = []
        for i in 0..<seconds {
            let t = Millis(i) * 1000
            let requestDelay: Millis = i % 5 == 0 ? 11_000 : 300
            records.append(Feed.request(Int32(i), from: (0, 0), to: (0, 900), at: t, arrives: t + requestDelay))
            records.append(Feed.cancel(Int32(i), at: t + 10_000, arrives: t + 10_200))
            if i % 10 == 0 { records.append(Feed.cancel(Int32(1_000_000 + i), at: t + 100, arrives: t + 150)) }
        }
        records.sort { ($0.arrivalTime, $0.key) < ($1.arrivalTime, $1.key) }
        var t = TopologyDriver(try makeEngine())
        var next = 0
        for second in 1...(seconds + 12) {
            let now = Millis(second) * 1000
            var batch: [Record] = []
            while next < records.count, records[next].arrivalTime < now { batch.append(records[next]); next += 1 }
            t.pipe(batch)
            t.advance(to: now)
        }
        #expect(t.late.isEmpty)
        #expect(t.engine.tombstones.consumed == (seconds + 4) / 5)
        #expect(t.engine.pending.isEmpty)
        return (t.engine.peakStateSize, t.engine.tombstones.evicted, t.engine.tombstones.count)
    }
}
