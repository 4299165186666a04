// swift-tools-version: 6.1
// libFuzzer targets for ridematch's input parsers. Not part of the main build: see
// docs/testing.md ("Fuzzing") for how to build and run them.
import PackageDescription

let package = Package(
    name: "ridematch-fuzz",
    dependencies: [.package(name: "ridematch", path: "../..")],
    targets: [
        .executableTarget(name: "FuzzScenario", dependencies: [.product(name: "RidematchKit", package: "ridematch")]),
        .executableTarget(name: "FuzzSpeedsCSV", dependencies: [.product(name: "RidematchKit", package: "ridematch")]),
    ]
)
