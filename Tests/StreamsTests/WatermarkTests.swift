import Core
import Testing
@testable import Streams

@Suite("Watermarks")
struct WatermarkTests {
    @Test("per-stream watermark is the largest event time minus out-of-orderness, never moving back")
    func perStream() {
        var w = Watermarks(outOfOrderness: 2000, allowedLateness: 10_000)
        #expect(w.watermark(of: .driverLocations) == Watermarks.none)
        #expect(w.joint == Watermarks.none)
        #expect(!w.isLate(eventTime: -1_000_000))
        w.observe(.driverLocations, eventTime: 50_000)
        w.observe(.driverLocations, eventTime: 40_000)
        #expect(w.watermark(of: .driverLocations) == 48_000)
        #expect(w.joint == 48_000)
        #expect(w.isLate(eventTime: 37_999))
        #expect(!w.isLate(eventTime: 38_000))
    }

    @Test("the joint watermark is the minimum over streams that have carried a record")
    func joint() {
        var w = Watermarks(outOfOrderness: 0, allowedLateness: 0)
        w.observe(.rideRequests, eventTime: 7000)
        w.observe(.driverLocations, eventTime: 9000)
        #expect(w.joint == 7000)
        w.observe(.rideRequests, eventTime: 12_000)
        #expect(w.joint == 9000)
        w.observe(.matches, eventTime: 1)  // not an engine input
        #expect(w.joint == 9000)
    }

    @Test("the joint watermark never moves back, even when a new stream starts behind it")
    func monotonic() {
        var w = Watermarks(outOfOrderness: 0, allowedLateness: 0)
        w.observe(.driverLocations, eventTime: 9000)
        w.observe(.rideRequests, eventTime: 7000)
        #expect(w.joint == 9000)
        #expect(w.watermark(of: .rideRequests) == 7000)
        #expect(w.isLate(eventTime: 8999))
    }

    @Test("a stream without records for longer than the idle timeout stops holding the joint watermark back")
    func idleness() {
        var w = Watermarks(outOfOrderness: 1000, allowedLateness: 2000, idleTimeout: 10_000)
        w.observe(.riderCancels, eventTime: 5000, arrivalTime: 6000)
        w.observe(.driverLocations, eventTime: 10_000, arrivalTime: 10_500)
        #expect(w.joint == 4000)  // cancels hold it back
        w.observe(.driverLocations, eventTime: 16_000, arrivalTime: 16_000)
        #expect(!w.isIdle(.riderCancels) && w.joint == 4000)  // 10 s since the cancel: not yet idle
        w.advance(to: 16_001)
        #expect(w.isIdle(.riderCancels) && w.joint == 15_000)
        #expect(w.isLate(eventTime: 12_999) && !w.isLate(eventTime: 13_000))
        // The cancel stream wakes up behind: it holds time again, but the joint never moves back.
        w.observe(.riderCancels, eventTime: 14_000, arrivalTime: 17_000)
        #expect(!w.isIdle(.riderCancels) && w.joint == 15_000)
        w.observe(.driverLocations, eventTime: 30_000, arrivalTime: 30_000)
        #expect(w.isIdle(.riderCancels) && w.joint == 29_000)  // 13 s since the last cancel
        w.advance(to: 40_001)  // both idle: minimum over all that carried one (13 000), never back
        #expect(w.isIdle(.driverLocations) && w.joint == 29_000)
        w.observe(.riderCancels, eventTime: 39_000, arrivalTime: 40_001)
        #expect(w.joint == 38_000)  // locations idle, cancels active
    }

    @Test("a record's stream follows from its payload")
    func streams() {
        let r = Record(key: 1, eventTime: 0, arrivalTime: 0, payload: .cancel)
        #expect(r.stream == .riderCancels)
        #expect(StreamName.allCases.map(\.rawValue) == ["ride-requests", "driver-locations", "driver-status", "rider-cancels", "matches"])
    }
}
