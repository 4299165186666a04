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
        w.observe(.driverLocations, eventTime: 9000)
        w.observe(.rideRequests, eventTime: 7000)
        #expect(w.joint == 7000)
        w.observe(.rideRequests, eventTime: 12_000)
        #expect(w.joint == 9000)
        w.observe(.matches, eventTime: 1)  // not an engine input
        #expect(w.joint == 9000)
    }

    @Test("a record's stream follows from its payload")
    func streams() {
        let r = Record(key: 1, eventTime: 0, arrivalTime: 0, payload: .cancel)
        #expect(r.stream == .riderCancels)
        #expect(StreamName.allCases.map(\.rawValue) == ["ride-requests", "driver-locations", "driver-status", "rider-cancels", "matches"])
    }
}
