import Core

extension Scenario {
    /// What idle drivers do (`supply.repositioning`): the policy and its settings.
    public struct Repositioning: Sendable, Equatable {
        /// Registered policy name (default `stay`: an idle driver waits where it is).
        public var policy: String = "stay"
        /// Seconds between two decisions: the engine's rebalancing period, and how often an
        /// idle driver reconsiders where to wait (default 300).
        public var interval: Double = 300
        /// Farthest a driver is sent or drifts to reposition, kilometres (default 5).
        public var maxKm: Double = 5
        /// Cruising speed as a fraction of the historical speed (`cruise`, default 0.5).
        public var cruiseSpeed: Double = 0.5
        /// Length of one cruising leg, kilometres (`cruise`, default 1).
        public var cruiseKm: Double = 1

        /// The default: every idle driver stays put.
        public init() {}

        /// Whether drivers ever move while idle.
        public var isActive: Bool { policy != "stay" }
    }

    /// A disc where sampled drivers start (`supply.start_area`), instead of the city disc.
    public struct StartArea: Sendable, Equatable {
        /// Centre of the disc.
        public var center: GeoPoint
        /// Radius, kilometres.
        public var radiusKm: Double

        /// Creates an area.
        public init(center: GeoPoint, radiusKm: Double) {
            self.center = center
            self.radiusKm = radiusKm
        }
    }
}
