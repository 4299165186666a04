import Core
import Testing
@testable import Streams

final class Collect: StreamTap {
    var seen: [Record] = []
    func append(_ record: Record) { seen.append(record) }
}

@Suite("Stream logs")
struct StreamLogTests {
    @Test("each stream numbers its records from 0 in append order; the tap sees them with offsets")
    func offsets() {
        let tap = Collect()
        var log = StreamLog(tap: tap)
        var records = [
            Record(key: 3, eventTime: 500, arrivalTime: 900, payload: .location(PlanePoint(x: 1, y: 2))),
            Record(key: 7, eventTime: 100, arrivalTime: 950, payload: .request(RideRequest(origin: .zero, destination: .zero))),
            Record(key: 3, eventTime: 400, arrivalTime: 990, payload: .location(PlanePoint(x: 5, y: 6))),
            Record(key: 7, eventTime: 990, arrivalTime: 990, payload: .match(driver: 3, quotedPickupEta: 12.5, quotedFare: 7)),
            Record(key: 2, eventTime: 990, arrivalTime: 995, payload: .status(.available), source: .dispatch),
        ]
        let offsets = records.indices.map { log.append(&records[$0]) }
        #expect(offsets == [0, 0, 1, 0, 0])
        #expect(records.map(\.offset) == [0, 0, 1, 0, 0])
        #expect(tap.seen == records)
        #expect(StreamName.allCases.map(log.count(of:)) == [1, 2, 1, 0, 1])
        #expect(records.map(\.source.description) == ["driver-app", "rider-app", "driver-app", "engine", "dispatch"])
        #expect(records[3].stream == .matches)
    }

    @Test("without a tap the log keeps only counters")
    func countersOnly() {
        var log = StreamLog()
        var r = Record(key: 1, eventTime: 0, arrivalTime: 0, payload: .cancel)
        for _ in 0..<1000 { log.append(&r) }
        #expect(r.offset == 999)
        #expect(log.count(of: .riderCancels) == 1000)
        #expect(log.count(of: .rideRequests) == 0)
    }
}
