import Core
import Streams
import Testing
@testable import Matching

/// Hand-written record sequences fed to the engine alone, asserting the exact decisions
/// and table versions that come out (in the manner of Kafka Streams' TopologyTestDriver).
@Suite("Join engine")
struct JoinEngineTests {
    @Test("a request is matched to the nearest fresh available driver, with the exact quote")
    func nearestMatch() throws {
        var engine = try makeEngine()
        let decisions = feed(&engine, [
            Feed.status(0, .available, at: 0), Feed.status(1, .available, at: 0),
            Feed.ping(0, x: 1000, y: 0, at: 500), Feed.ping(1, x: 0, y: 300, at: 500),
            Feed.request(7, from: (0, 0), to: (0, 2000), at: 1000, arrives: 1200),
        ])
        #expect(decisions.count == 1)
        let m = try #require(decisions.first)
        #expect(m.request == 7 && m.driver == 1 && m.time == 1200)
        #expect(m.quotedPickupEta == 30)  // 300 m at 10 m/s, detour 1
        #expect(m.quotedPickupDistance == 300)
        #expect(m.quotedTripSeconds == 200)
        #expect(m.quotedFare == 7)  // 2.5 + 2.2 + 1.1667 < minimum 7
        #expect(engine.pending.isEmpty)
        #expect(engine.drivers.rows[1].status == .busy)
        #expect(engine.drivers.rows[1].statusTime == 1200)
        #expect(!engine.drivers.index.contains(1))
    }

    @Test("a location older than the staleness bound is not a candidate")
    func stalePing() throws {
        var engine = try makeEngine()
        let decisions = feed(&engine, [
            Feed.status(0, .available, at: 0), Feed.status(1, .available, at: 0),
            Feed.ping(1, x: 0, y: 100, at: 1000),
            Feed.ping(0, x: 0, y: 900, at: 35_000),
            Feed.request(3, from: (0, 0), to: (0, 3000), at: 40_000),
        ])
        #expect(decisions.map(\.driver) == [0])
    }

    @Test("an older ping never overwrites a newer one")
    func olderPingIgnored() throws {
        var engine = try makeEngine()
        _ = feed(&engine, [
            Feed.status(1, .available, at: 0),
            Feed.ping(1, x: 300, y: 0, at: 5000, arrives: 5000),
            Feed.ping(1, x: 10, y: 0, at: 4000, arrives: 6000),
        ])
        let row = engine.drivers.rows[1]
        #expect(row.location == PlanePoint(x: 300, y: 0))
        #expect(row.locationTime == 5000)
        #expect(engine.drivers.outdatedPings == 1)
        #expect(engine.drivers.index.position(of: 1) == PlanePoint(x: 300, y: 0))
    }

    @Test("a request beyond max_pickup_eta waits, and the timer matches it when a driver frees up")
    func retryOnTimer() throws {
        var engine = try makeEngine(maxPickupEta: 600)
        var decisions = feed(&engine, [
            Feed.status(0, .available, at: 0), Feed.ping(0, x: 0, y: 7000, at: 100),
            Feed.status(1, .busy, at: 0), Feed.ping(1, x: 0, y: 500, at: 100),
            Feed.request(9, from: (0, 0), to: (2000, 0), at: 1000),
        ])
        #expect(decisions.isEmpty)  // 7000 m → 700 s > 600 s; driver 1 busy
        #expect(engine.pending.map(\.key) == [9])
        decisions += feed(&engine, [Feed.status(1, .available, at: 2000), Feed.ping(1, x: 0, y: 500, at: 2100)])
        #expect(decisions.isEmpty)  // immediate strategies retry on the timer
        engine.fireTimer(at: 3000, into: &decisions)
        #expect(decisions.map { [$0.request, $0.driver] } == [[9, 1]])
        #expect(decisions.first?.time == 3000)
        #expect(decisions.first?.quotedPickupEta == 50)
        #expect(engine.nextTimer == 4000)
    }

    @Test("a cancelled request leaves the pending set and is never matched")
    func cancel() throws {
        var engine = try makeEngine()
        var decisions = feed(&engine, [
            Feed.request(4, from: (0, 0), to: (0, 900), at: 1000),
            Feed.cancel(4, at: 5000),
            Feed.status(0, .available, at: 6000), Feed.ping(0, x: 0, y: 10, at: 6000),
        ])
        engine.fireTimer(at: 7000, into: &decisions)
        #expect(decisions.isEmpty)
        #expect(engine.pending.isEmpty)
    }

    @Test("equal timestamps: the request that arrives first gets the only driver")
    func equalTimestamps() throws {
        var engine = try makeEngine()
        var decisions = feed(&engine, [
            Feed.status(2, .available, at: 0), Feed.ping(2, x: 0, y: 0, at: 0),
            Feed.request(5, from: (100, 0), to: (900, 0), at: 1000),
            Feed.request(6, from: (50, 0), to: (900, 0), at: 1000),
        ])
        engine.fireTimer(at: 2000, into: &decisions)
        #expect(decisions.map(\.request) == [5])
        #expect(engine.pending.map(\.key) == [6])
    }

    @Test("a ping older than watermark − allowed lateness is late: reported, not applied")
    func latePing() throws {
        var engine = try makeEngine(outOfOrderness: 2000, allowedLateness: 10_000)
        _ = feed(&engine, [
            Feed.ping(0, x: 100, y: 0, at: 100_000),
            Feed.ping(0, x: 900, y: 0, at: 80_000, arrives: 100_500),
            Feed.ping(0, x: 500, y: 0, at: 89_000, arrives: 100_600),
        ])
        #expect(engine.watermarks.joint == 98_000)
        #expect(engine.lateRecords.map(\.record.eventTime) == [80_000])
        #expect(engine.lateRecords.first?.watermark == 98_000)
        // On time (89 000 ≥ 88 000) but older than the stored version: ignored.
        #expect(engine.drivers.outdatedPings == 1)
        #expect(engine.drivers.rows[0].location == PlanePoint(x: 100, y: 0))
        #expect(engine.drivers.rows[0].locationTime == 100_000)
    }

    @Test("the joint watermark is the minimum over the input streams that carried a record")
    func jointWatermark() throws {
        var engine = try makeEngine(outOfOrderness: 2000, allowedLateness: 10_000)
        _ = feed(&engine, [
            Feed.status(0, .available, at: 50_000),
            Feed.ping(0, x: 100, y: 0, at: 100_000),
            Feed.ping(1, x: 900, y: 0, at: 60_000, arrives: 100_400),  // late for locations alone, not jointly
            Feed.ping(2, x: 900, y: 0, at: 37_000, arrives: 100_500),
        ])
        #expect(engine.watermarks.watermark(of: .driverLocations) == 98_000)
        #expect(engine.watermarks.watermark(of: .driverStatus) == 48_000)
        #expect(engine.watermarks.joint == 48_000)
        #expect(engine.lateRecords.map(\.record.eventTime) == [37_000])
        #expect(engine.drivers.rows[1].locationTime == 60_000)
        #expect(engine.drivers.rows[2].locationTime == nil)
        #expect(engine.lateRecords.first?.watermark == 48_000)
    }

    @Test("a stale driver refreshed by a ping in the same cell is retried and matched")
    func refreshedStaleDriver() throws {
        var engine = try makeEngine(staleness: 30_000)
        var decisions = feed(&engine, [
            Feed.status(0, .available, at: 0), Feed.ping(0, x: 10, y: 10, at: 0),
            Feed.request(1, from: (0, 0), to: (0, 3000), at: 40_000),
        ])
        engine.fireTimer(at: 41_000, into: &decisions)
        #expect(decisions.isEmpty)  // the only location is 40 s old
        decisions += feed(&engine, [Feed.ping(0, x: 12, y: 10, at: 41_500)])
        engine.fireTimer(at: 42_000, into: &decisions)
        #expect(decisions.map(\.driver) == [0])
        #expect(decisions.first?.time == 42_000)
    }
}
