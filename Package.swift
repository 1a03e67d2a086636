// swift-tools-version: 6.2
import PackageDescription

/// Settings every Cosmolite target shares: Swift 6 language mode (strict concurrency) plus the upcoming features that
/// keep dependencies explicit.
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Cosmolite",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cosmolite", targets: ["cosmolite"]),
        .library(name: "DocumentStore", targets: ["DocumentStore"]),
        .library(name: "QueryEngine", targets: ["QueryEngine"]),
        .library(name: "CosmosGateway", targets: ["CosmosGateway"]),
        .library(name: "CosmosSQL", targets: ["CosmosSQL"]),
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "LMDB", targets: ["LMDB"]),
        .library(name: "CosmosClient", targets: ["CosmosClient"]),
        .library(name: "HTTPDates", targets: ["HTTPDates"]),
        .library(name: "AvroCapture", targets: ["AvroCapture"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // MARK: Storage
        .systemLibrary(name: "CLMDB", pkgConfig: "lmdb", providers: [.apt(["liblmdb-dev"])]),
        .target(name: "LMDB", dependencies: ["CLMDB"], swiftSettings: strictSettings),
        .target(name: "JSON", swiftSettings: strictSettings),
        .target(name: "DocumentStore", dependencies: ["LMDB", "JSON"], swiftSettings: strictSettings),

        // MARK: Query
        .target(name: "CosmosSQL", swiftSettings: strictSettings),
        .target(name: "QueryFunctions", dependencies: ["JSON", "DocumentStore"], swiftSettings: strictSettings),
        .target(name: "QueryEngine", dependencies: ["CosmosSQL", "QueryFunctions", "DocumentStore", "JSON"], swiftSettings: strictSettings),

        // MARK: Server and CLI
        .target(name: "HTTPDates", swiftSettings: strictSettings),
        .target(
            name: "CosmosGateway",
            dependencies: [
                "QueryEngine", "DocumentStore", "JSON", "CosmosSQL", "HTTPDates",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CosmosClient",
            dependencies: [
                "JSON", "HTTPDates",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AvroCapture",
            dependencies: [
                "JSON",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "cosmolite",
            dependencies: [
                "CosmosGateway", "CosmosClient", "AvroCapture", "QueryEngine", "DocumentStore", "JSON",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Tests
        .target(name: "StoreTestSupport", dependencies: ["DocumentStore", "JSON"], path: "Tests/StoreTestSupport",
                swiftSettings: strictSettings),
        .testTarget(name: "LMDBTests", dependencies: ["LMDB", "StoreTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: strictSettings),
        .testTarget(name: "DocumentStoreTests", dependencies: ["DocumentStore", "JSON", "LMDB", "StoreTestSupport", "crash-worker"],
                    swiftSettings: strictSettings),
        // The child process the crash test kills (built with the tests, not shipped).
        .executableTarget(name: "crash-worker", dependencies: ["DocumentStore"], path: "Tests/CrashWorker", swiftSettings: strictSettings),
        .testTarget(name: "CosmosSQLTests", dependencies: ["CosmosSQL"], exclude: ["Fixtures"], swiftSettings: strictSettings),
        .testTarget(name: "QueryFunctionsTests", dependencies: ["QueryFunctions", "JSON", "DocumentStore"], swiftSettings: strictSettings),
        .testTarget(name: "QueryEngineTests", dependencies: ["QueryEngine", "CosmosSQL", "StoreTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "CosmosClientTests", dependencies: ["CosmosClient"], swiftSettings: strictSettings),
        .testTarget(name: "HTTPDatesTests", dependencies: ["HTTPDates"], swiftSettings: strictSettings),
        .testTarget(
            name: "CosmosGatewayTests",
            dependencies: [
                "CosmosGateway", "StoreTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
