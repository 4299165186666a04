import Core
import Testing
@testable import Traffic

@Suite("LegPath positions")
struct LegPathTests {
    @Test("trackPosition equals position for fractions in any order, with zero-length segments")
    func tracking() {
        var path = LegPath()
        var t = 0.0
        for i in 0..<40 {
            path.points.append(PlanePoint(x: Double(i) * 10, y: Double(i % 3)))
            path.seconds.append(t)
            t += i % 5 == 0 ? 0 : Double(i % 7) * 0.75   // repeated times: zero-length segments
        }
        var state: UInt64 = 7
        for step in 0..<2000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let f = step < 1000 ? Double(step) / 999 : Double(state >> 11) / Double(1 << 53) * 1.2 - 0.1
            let a = path.position(atFraction: f), b = path.trackPosition(atFraction: f)
            #expect(a == b, "fraction \(f)")
        }
    }
}
