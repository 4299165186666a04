// swift-tools-version: 6.1
// ridematch benchmarks (package-benchmark). A separate package so that the root package,
// its tests and CI never build the benchmark dependency. Run from this directory:
//
//   swift package benchmark                      # all suites
//   swift package benchmark --target SolverBenchmarks
//
// The MallocInterposer trait is required on Linux machines without jemalloc.
import PackageDescription

let suites = [
    "EventQueueBenchmarks", "SpatialIndexBenchmarks", "EngineBenchmarks", "SolverBenchmarks", "ScenarioBenchmarks",
    "NetworkBenchmarks", "PoolingBenchmarks",
]

let package = Package(
    name: "ridematch-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "ridematch", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: suites.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "RidematchKit", package: "ridematch"),
            ],
            path: "Benchmarks/\(name)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    }
)
