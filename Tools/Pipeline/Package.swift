// swift-tools-version: 6.2
import PackageDescription

/// The streaming pipeline tools: an event simulator that streams events into a running `cosmolite serve` (or any Cosmos
/// DB NoSQL endpoint) at a fixed rate, and a verifier that reads them back with SQL and applies the streaming-at-scale
/// pass/fail rules.
///
/// A package of its own so that the tools build against the product from outside, through its public REST surface,
/// and never become part of Cosmolite itself.

/// The settings every Cosmolite target shares (see the main Package.swift): Swift 6 language mode (strict concurrency)
/// plus the upcoming features that keep dependencies explicit.
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "CosmolitePipeline",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "EventShapes", targets: ["EventShapes"]),
        .executable(name: "cosmolite-simulator", targets: ["cosmolite-simulator"]),
        .executable(name: "cosmolite-verifier", targets: ["cosmolite-verifier"]),
    ],
    dependencies: [
        .package(name: "Cosmolite", path: "../.."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "EventShapes",
            dependencies: [.product(name: "JSON", package: "Cosmolite")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "cosmolite-simulator",
            dependencies: [
                "EventShapes",
                .product(name: "JSON", package: "Cosmolite"),
                .product(name: "CosmosClient", package: "Cosmolite"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "cosmolite-verifier",
            dependencies: [
                "EventShapes",
                .product(name: "JSON", package: "Cosmolite"),
                .product(name: "CosmosClient", package: "Cosmolite"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EventShapesTests",
            dependencies: ["EventShapes", .product(name: "JSON", package: "Cosmolite")],
            swiftSettings: strictSettings
        ),
    ]
)
