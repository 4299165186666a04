import Core
import Streams
import Testing

/// The Kafka value layout: every payload round-trips bit for bit; anything else is refused.
@Suite("record wire format")
struct RecordWireTests {
    static let records: [Record] = {
        var rs = [
            Record(key: 7, eventTime: 1_000, arrivalTime: 1_250,
                   payload: .request(RideRequest(origin: PlanePoint(x: 0.1 + 0.2, y: -1e-9), destination: PlanePoint(x: 1234.5, y: -6789.25)))),
            Record(key: 3, eventTime: 2_000, arrivalTime: 2_001, payload: .location(PlanePoint(x: -.pi, y: .ulpOfOne))),
            Record(key: 3, eventTime: 2_000, arrivalTime: 2_900, payload: .status(.offline), source: .dispatch),
            Record(key: 7, eventTime: 9_000, arrivalTime: 9_100, payload: .cancel),
            Record(key: 7, eventTime: 3_000, arrivalTime: 3_000, payload: .match(driver: 3, quotedPickupEta: 61.0625, quotedFare: 12.34)),
        ]
        for i in rs.indices {
            rs[i].offset = Int64(i * 10)
            rs[i].sequence = Int64(1000 + i)
            rs[i].ticks = Int64(i)
        }
        return rs
    }()

    @Test("encode then decode gives the same record, at the stream's fixed size")
    func roundTrip() {
        var bytes: [UInt8] = []
        for r in Self.records {
            RecordWire.encode(r, into: &bytes)
            #expect(bytes.count == RecordWire.size(of: r.stream))
            #expect(bytes.withUnsafeBytes { RecordWire.decode($0, expected: r.stream) } == r)
        }
    }

    @Test("pooling: a sharing rider's request is 1 byte longer, a stop event 4 bytes longer than a status; both round-trip")
    func pooling() {
        var bytes: [UInt8] = []
        let request = Record(key: 9, eventTime: 5, arrivalTime: 6, payload: .request(RideRequest(
            origin: PlanePoint(x: 1, y: 2), destination: PlanePoint(x: 3, y: 4), shares: true)))
        RecordWire.encode(request, into: &bytes)
        #expect(bytes.count == RecordWire.size(of: .rideRequests) + 1)
        #expect(bytes.withUnsafeBytes { RecordWire.decode($0, expected: .rideRequests) } == request)
        for event in [StopEvent.pickup, .dropoff, .withdrawn] {
            let stop = Record(key: 4, eventTime: 7, arrivalTime: 8, payload: .stop(request: 123_456, event: event))
            RecordWire.encode(stop, into: &bytes)
            #expect(bytes.count == RecordWire.size(of: .driverStatus) + 4)
            #expect(bytes.withUnsafeBytes { RecordWire.decode($0, expected: .driverStatus) } == stop)
            #expect(stop.stream == .driverStatus && stop.source == .driverApp)
        }
        // A stop byte out of range, or a 4-byte tail on a plain status: refused.
        bytes[RecordWire.headerSize] = 9
        #expect(bytes.withUnsafeBytes { RecordWire.decode($0) } == nil)
        bytes[RecordWire.headerSize] = 1
        #expect(bytes.withUnsafeBytes { RecordWire.decode($0) } == nil)
    }

    @Test("wrong stream, truncated, bad magic or version, JSON: not a ridematch record")
    func refused() {
        var bytes: [UInt8] = []
        RecordWire.encode(Self.records[1], into: &bytes)
        #expect(bytes.withUnsafeBytes { RecordWire.decode($0, expected: .rideRequests) } == nil)
        #expect(Array(bytes.dropLast()).withUnsafeBytes { RecordWire.decode($0) } == nil)
        var bad = bytes
        bad[0] = 0x7B
        #expect(bad.withUnsafeBytes { RecordWire.decode($0) } == nil)
        bad = bytes
        bad[1] = 2
        #expect(bad.withUnsafeBytes { RecordWire.decode($0) } == nil)
        #expect(Array("{\"key\":1}".utf8).withUnsafeBytes { RecordWire.decode($0) } == nil)
    }
}
