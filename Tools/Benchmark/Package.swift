// swift-tools-version: 6.2
import Foundation
import PackageDescription

/// SwiftPM names a local dependency after its directory: `main` in the main checkout, the worktree's name elsewhere.
let cosmolite = URL(fileURLWithPath: Context.packageDirectory)
    .deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let settings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The side-by-side benchmarks: `cosmolite-bench` measures Cosmolite in-process against SQLite (through GRDB) and a
/// bare LMDB floor; `cosmolite-http-bench` measures a real `cosmolite serve` over loopback.
///
/// A package of its own so that GRDB, the SQLite peer, never becomes a dependency of Cosmolite itself.
let package = Package(
    name: "CosmoliteBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../.."),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // What both benchmarks share: the event generator, seeded random numbers, latency summaries, the clock,
        // number formatting, progress lines and the event container's definition.
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                .product(name: "DocumentStore", package: cosmolite),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "cosmolite-bench",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "DocumentStore", package: cosmolite),
                .product(name: "QueryEngine", package: cosmolite),
                .product(name: "JSON", package: cosmolite),
                .product(name: "LMDB", package: cosmolite),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "cosmolite-http-bench",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "CosmosClient", package: cosmolite),
                .product(name: "HTTPDates", package: cosmolite),
                .product(name: "DocumentStore", package: cosmolite),
                .product(name: "JSON", package: cosmolite),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings
        ),
    ]
)
