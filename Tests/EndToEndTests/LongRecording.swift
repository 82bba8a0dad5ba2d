import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One long recording shared by the tests that need a job to be caught mid-encode: made once
/// per test run (sox, FLAC, 40 minutes of mono tone) and hard-linked into each spool.
enum LongRecording {
    static let seconds = 2400.0
    private static let made = Mutex2<String?>(nil)
    private static let lock = NSLock()

    static func path() throws -> String {
        try lock.withLock {
            if let path = made.get() { return path }
            let path = FileManager.default.temporaryDirectory.path + "/e2e-long-\(getpid()).flac"
            if !FileManager.default.fileExists(atPath: path) {
                let result = try SpoolFixture.run(
                    "sox", ["-n", "-r", "44100", "-c", "1", path, "synth", "\(seconds)", "sine", "440", "vol", "0.5"])
                try #require(result.status == 0, "\(result.stderr)")
            }
            made.set(path)
            return path
        }
    }

    /// Puts the recording into the fixture's media/ as `name`.
    static func place(into fixture: SpoolFixture, as name: String) throws {
        let target = fixture.layout.media + "/" + name
        if Glibc.link(try path(), target) != 0 {
            try FileManager.default.copyItem(atPath: try path(), toPath: target)
        }
    }
}
