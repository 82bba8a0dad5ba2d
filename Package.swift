// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "mediaspool",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "mediaspool", targets: ["mediaspool"]),
        .executable(name: "mediaspool-worker", targets: ["mediaspool-worker"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.11.0"),  // LogHandler.log(event:)
        .package(url: "https://github.com/apple/swift-system.git", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // C libraries, reached through system-library targets (pkg-config).
        .systemLibrary(name: "CLame", pkgConfig: "lame", providers: [.apt(["libmp3lame-dev"])]),
        .systemLibrary(
            name: "CFFmpeg", pkgConfig: "libavformat",
            providers: [
                .apt(["libavformat-dev", "libavcodec-dev", "libswresample-dev", "libswscale-dev", "libavfilter-dev", "libavutil-dev"])
            ]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // Text shaping and font lookup (HarfBuzz, FreeType, fontconfig) and SVG rendering (librsvg, cairo).
        .systemLibrary(
            name: "CTypeset", pkgConfig: "harfbuzz",
            providers: [.apt(["libharfbuzz-dev", "libfreetype-dev", "libfontconfig-dev"])]),
        .systemLibrary(name: "CRsvg", pkgConfig: "librsvg-2.0", providers: [.apt(["librsvg2-dev", "libcairo2-dev"])]),
        // Linux calls that Glibc does not import cleanly (renameat2, openat2, prctl, inotify constants).
        .target(name: "CSpoolSys"),

        // Owners of the C handles and the encoders; knows nothing of spools.
        .target(
            name: "MediaKit",
            dependencies: [
                "CLame", "CFFmpeg",
                .product(name: "SystemPackage", package: "swift-system"),
            ]),
        // Fonts, text measurement, wrapping, caption masks and carousel slides (SVG and PNG); knows nothing of spools.
        .target(name: "TextKit", dependencies: ["CTypeset", "CRsvg"]),
        // Job model, validation, spool layout, atomic moves, watcher, scheduler, supervisor.
        .target(
            name: "SpoolCore",
            dependencies: [
                "CSpoolSys",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]),
        // What runs inside the `mediaspool work` child: resolve (and fetch) inputs, run the encoder, report.
        .target(
            name: "Worker",
            dependencies: ["SpoolCore", "MediaKit", "TextKit", "CSpoolSys", "CCurl"]),
        // Callbacks: signed POSTs through libcurl (the worker's host gate and pinning), retries
        // with backoff, as a Service of the daemon. The durable outbox in `.callbacks/` is
        // SpoolCore's, so `retry` can hand a failure's marker to it without a daemon.
        .target(
            name: "Callbacks",
            dependencies: [
                "SpoolCore", "Worker",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // The SQLite ledger: migrations, the record of every transition, queries, reindex.
        .target(
            name: "Ledger",
            dependencies: [
                "SpoolCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // The read-only HTTP view: API, files, server-sent events, health, metrics, dashboard.
        .target(
            name: "HTTPView",
            dependencies: [
                "SpoolCore", "Ledger", "CSpoolSys",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // HMAC-SHA256 for capability keys and the session cookie.
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // `mediaspool work`: the worker's command line, shared by both executables.
        .target(
            name: "WorkerCommand",
            dependencies: ["SpoolCore", "Worker", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // The worker alone (what the daemon starts): no HTTP server, ledger or callbacks linked in.
        .executableTarget(name: "mediaspool-worker", dependencies: ["WorkerCommand"]),
        .executableTarget(
            name: "mediaspool",
            dependencies: [
                "SpoolCore", "Worker", "WorkerCommand", "MediaKit", "Ledger", "HTTPView", "Callbacks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),

        .testTarget(name: "MediaKitTests", dependencies: ["MediaKit"]),
        .testTarget(name: "TextKitTests", dependencies: ["TextKit"]),
        .testTarget(name: "SpoolCoreTests", dependencies: ["SpoolCore", "Worker"]),
        .testTarget(name: "WorkerTests", dependencies: ["Worker", "SpoolCore"]),
        .testTarget(
            name: "CallbacksTests",
            dependencies: ["Callbacks", "SpoolCore", "Worker", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "SpoolCore"]),
        .testTarget(name: "HTTPViewTests", dependencies: ["HTTPView", "Ledger", "SpoolCore"]),
        .testTarget(name: "EndToEndTests", dependencies: ["mediaspool", "SpoolCore", "Ledger"]),
    ]
)
