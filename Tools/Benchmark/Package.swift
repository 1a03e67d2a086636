// swift-tools-version: 6.2
import PackageDescription

/// The side-by-side benchmark of Cosmolite against SQLite (through GRDB) and a bare LMDB floor.
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
        .executableTarget(
            name: "cosmolite-bench",
            dependencies: [
                .product(name: "DocumentStore", package: "main"),
                .product(name: "QueryEngine", package: "main"),
                .product(name: "JSON", package: "main"),
                .product(name: "LMDB", package: "main"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [
                .swiftLanguageMode(.v6),
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
            ]
        ),
    ]
)
