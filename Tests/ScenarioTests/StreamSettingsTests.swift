import Foundation
import Testing
@testable import Scenario

@Suite("streams section")
struct StreamSettingsTests {
    @Test("idle_timeout defaults to 10 s and reads a duration")
    func idleTimeout() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        #expect(try fixture.parse(minimalYAML).streams.idleTimeout == 10)
        let set = try fixture.parse(minimal(appending: "streams: {idle_timeout: 2m, allowed_lateness: 1s}"))
        #expect(set.streams.idleTimeout == 120)
        #expect(set.streams.allowedLateness == 1)
    }

    @Test("idle_timeout must be > 0")
    func rejectsZero() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        #expect(fixture.error(minimal(appending: "streams:\n  idle_timeout: 0s"))
            == "scenarios/x.yaml:13: streams.idle_timeout: must be > 0, got 0s")
    }
}
