// swift-tools-version: 6.1
// ridematch — a ride-hailing matching simulator and stream-join engine.
//
// One library module per stage of the data flow; dependencies point downstream only:
//
//   Core ─► Scenario ─┐
//   Core ─► Traffic ──┼─► Matching ─► Simulator ─► Reporter ─► Pipeline ─► ridematch (CLI)
//   Core ─► Streams ──┤
//   Core ─► Zones ────┘ (demand zones and zone-to-zone rates: Simulator, Reporter)
import PackageDescription

/// The library stages compile optimised even in debug builds: `swift test` (the README's test
/// command) runs whole simulations, about ten times faster optimised; the test targets stay
/// unoptimised. `RIDEMATCH_DEBUG_ONONE=1` drops the flag (stepping through in a debugger, or
/// depending on RidematchKit from another package, which refuses unsafe flags) — docs/testing.md.
let optimised: [SwiftSetting] = Context.environment["RIDEMATCH_DEBUG_ONONE"] == nil
    ? [.unsafeFlags(["-O"], .when(configuration: .debug))] : []

let package = Package(
    name: "ridematch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ridematch", targets: ["RidematchCLI"]),
        .library(name: "RidematchKit", targets: [
            "Core", "Scenario", "Traffic", "RoadNetwork", "Streams", "Zones", "Matching", "Simulator", "Reporter", "Pipeline",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .target(name: "Core", swiftSettings: optimised),
        .target(name: "Scenario", dependencies: [
            "Core",
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: optimised),
        .target(name: "Traffic", dependencies: [
            "Core",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "CSV", package: "CSV.swift"),
        ], swiftSettings: optimised),
        .target(name: "Streams", dependencies: ["Core"], swiftSettings: optimised),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "RoadNetwork", dependencies: ["Core", "Traffic", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "SwiftProtobuf", package: "swift-protobuf"), .product(name: "CSV", package: "CSV.swift"), "CZlib"],
                exclude: ["Import/Proto"], swiftSettings: optimised),
        .target(name: "Zones", dependencies: [
            "Core",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: optimised),
        // librdkafka (Debian librdkafka-dev): the Kafka client, wrapped by KafkaIO.
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        .target(name: "KafkaIO", dependencies: ["CRdKafka", "Core", "Streams"], swiftSettings: optimised),
        .target(name: "Matching", dependencies: [
            "Core", "Streams", "Traffic",
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ], swiftSettings: optimised),
        .target(name: "Simulator", dependencies: [
            "Core", "Scenario", "Streams", "Traffic", "Matching", "Zones",
            .product(name: "DequeModule", package: "swift-collections"),
            .product(name: "Histogram", package: "hdrhistogram-swift"),
            .product(name: "CSV", package: "CSV.swift"),
        ], swiftSettings: optimised),
        .target(name: "Reporter", dependencies: [
            "Core", "Scenario", "Simulator", "Streams", "Matching", "Zones",
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ], swiftSettings: optimised),
        .target(name: "Pipeline", dependencies: [
            "Core", "Scenario", "Traffic", "RoadNetwork", "Streams", "Zones", "Matching", "Simulator", "Reporter", "KafkaIO",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: optimised),
        .executableTarget(name: "RidematchCLI", dependencies: [
            "Pipeline", "Core", "Scenario", "Traffic", "Matching", "Reporter", "RoadNetwork",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: optimised),

        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "Core"]),
        .testTarget(name: "TrafficTests", dependencies: ["Traffic", "Core"]),
        .testTarget(name: "StreamsTests", dependencies: ["Streams", "Core"]),
        .testTarget(name: "RoadNetworkTests", dependencies: ["RoadNetwork", "Traffic", "Core", "CZlib"]),
        .testTarget(name: "MatchingTests", dependencies: ["Matching", "Streams", "Traffic", "RoadNetwork", "Core"]),
        .testTarget(name: "SimulatorTests", dependencies: [
            "Simulator", "Scenario", "Traffic", "Matching", "Streams", "Zones", "Core"]),
        .testTarget(name: "ReporterTests", dependencies: ["Reporter", "Simulator", "Scenario", "Streams", "Matching", "Core"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Scenario", "Traffic", "RoadNetwork", "Matching", "RidematchCLI", "KafkaIO", "Streams"],
                    exclude: ["Corpus", "Hostile"]),
    ]
)
