// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "mediaspool",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "mediaspool", targets: ["mediaspool"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
    ],
    targets: [
        // C libraries, reached through system-library targets (pkg-config).
        .systemLibrary(name: "CLame", pkgConfig: "lame", providers: [.apt(["libmp3lame-dev"])]),
        .systemLibrary(
            name: "CFFmpeg", pkgConfig: "libavformat",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libswresample-dev", "libavfilter-dev", "libavutil-dev"])]),
        // Linux calls that Glibc does not import cleanly (renameat2, openat2, prctl, inotify constants).
        .target(name: "CSpoolSys"),

        // Owners of the C handles and the encoders; knows nothing of spools.
        .target(
            name: "MediaKit",
            dependencies: [
                "CLame", "CFFmpeg",
                .product(name: "SystemPackage", package: "swift-system"),
            ]),
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
        // What runs inside the `mediaspool work` child: resolve inputs, run the encoder, report.
        .target(
            name: "Worker",
            dependencies: ["SpoolCore", "MediaKit", "CSpoolSys"]),
        .executableTarget(
            name: "mediaspool",
            dependencies: [
                "SpoolCore", "Worker", "MediaKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),

        .testTarget(name: "MediaKitTests", dependencies: ["MediaKit"]),
        .testTarget(name: "SpoolCoreTests", dependencies: ["SpoolCore", "Worker"]),
        .testTarget(name: "EndToEndTests", dependencies: ["mediaspool", "SpoolCore"]),
    ]
)
