import Foundation
import SpoolCore

#if canImport(Glibc)
    import Glibc
#endif

/// A temporary spool with jobs in every state, their outputs and the traps a file route must
/// not fall into; removed when the value goes away.
final class FileSpool: @unchecked Sendable {
    let directory: String
    let layout: SpoolLayout

    /// The 1000-byte output of `done/job1`, `audio.mp3`.
    static let audio: [UInt8] = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
    /// Three and a bit chunks of 256 KiB: `done/job1/large.bin`.
    static let large: [UInt8] = (0..<(3 * 262_144 + 4321)).map { UInt8(truncatingIfNeeded: ($0 &* 31) ^ ($0 >> 9)) }
    static let audioSHA256 = String(repeating: "0123456789abcdef", count: 4)
    /// mtime of every output: Tue, 02 Jan 2024 03:04:05 GMT and half a second.
    static let modifiedSeconds = 1_704_164_645
    static let lastModified = "Tue, 02 Jan 2024 03:04:05 GMT"
    static let audioETag = "\"sha256-\(audioSHA256)\""

    init() throws {
        directory = FileManager.default.temporaryDirectory.path + "/httpview-files-\(UUID().uuidString.prefix(8))"
        layout = SpoolLayout(root: directory + "/spool")
        try FileOps.makeDirectory(directory)
        try layout.create()

        let job1 = layout.jobFolder("job1", in: .done)
        try makeJob(
            job1,
            outputs: [
                ("audio.mp3", Self.audio, "audio/mpeg", Self.audioSHA256),
                ("large.bin", Self.large, "", nil),
                ("notes.txt", Array("hello\n".utf8), "", nil),
                ("picture.svg", Array("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8), "", nil),
                ("my song.mp3", Array("song".utf8), "audio/mpeg", nil),
                // Listed, but a name the route refuses whatever the listing says.
                (".hidden", Array("hidden".utf8), "text/plain", nil),
                ("take.mp3.part", Array("partial".utf8), "audio/mpeg", nil),
            ])
        try write(Array("{\"id\":\"job1\"}".utf8), to: job1 + "/job.json")
        try write(Array("secret".utf8), to: job1 + "/unlisted.mp3")
        // Listed names that are not regular files.
        try FileOps.makeDirectory(job1 + "/folder.mp3")
        guard mkfifo(job1 + "/pipe.mp3", 0o644) == 0 else { throw SpoolError.posix("mkfifo", errno, path: job1) }
        guard symlink("/etc/passwd", job1 + "/link.mp3") == 0 else { throw SpoolError.posix("symlink", errno, path: job1) }
        guard symlink("audio.mp3", job1 + "/inner.mp3") == 0 else { throw SpoolError.posix("symlink", errno, path: job1) }
        try addListing(
            job1,
            names: ["folder.mp3", "pipe.mp3", "link.mp3", "inner.mp3", "job.json", "../done/job1/audio.mp3", "sub/audio.mp3"])

        // The size in status.json disagrees with the file: the ETag must not claim its SHA-256.
        try makeJob(layout.jobFolder("job2", in: .failed), outputs: [("partial.wav", Array("RIFF".utf8), "audio/wav", Self.audioSHA256)])
        var status = try require(StatusFile.read(from: layout.jobFolder("job2", in: .failed)))
        status.outputs[0].size = 99
        try StatusFile.write(status, to: layout.jobFolder("job2", in: .failed), sync: false)

        for (id, state) in [("job3", JobState.processing), ("job4", .pending), ("job5", .hold)] {
            try makeJob(layout.jobFolder(id, in: state), outputs: [("out.mp3", Self.audio, "audio/mpeg", nil)])
        }
        // A job folder in done/ that is a symlink to one in processing/.
        guard symlink(layout.jobFolder("job3", in: .processing), layout.jobFolder("linked", in: .done)) == 0 else {
            throw SpoolError.posix("symlink", errno, path: layout.root)
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func makeJob(_ folder: String, outputs: [(String, [UInt8], String, String?)]) throws {
        try FileOps.makeDirectory(folder)
        var status = JobStatus(
            jobId: (folder as NSString).lastPathComponent, kind: "mp3", status: .completed, createdAt: .now(), maxAttempts: 3)
        for (name, bytes, mimeType, sha256) in outputs {
            try write(bytes, to: folder + "/" + name)
            status.outputs.append(
                OutputFile(
                    name: name, size: Int64(bytes.count), sha256: sha256 ?? String(repeating: "f", count: 64), mimeType: mimeType,
                    durationSeconds: nil))
        }
        try StatusFile.write(status, to: folder, sync: false)
    }

    /// Adds names to the job's outputs without creating files for them.
    private func addListing(_ folder: String, names: [String]) throws {
        var status = try require(StatusFile.read(from: folder))
        for name in names {
            status.outputs.append(
                OutputFile(name: name, size: 1000, sha256: Self.audioSHA256, mimeType: "audio/mpeg", durationSeconds: nil))
        }
        try StatusFile.write(status, to: folder, sync: false)
    }

    private func write(_ bytes: [UInt8], to path: String) throws {
        try FileOps.writeFile(path, bytes, sync: false)
        var times = [
            timespec(tv_sec: Self.modifiedSeconds, tv_nsec: 500_000_000), timespec(tv_sec: Self.modifiedSeconds, tv_nsec: 500_000_000),
        ]
        guard utimensat(AT_FDCWD, path, &times, 0) == 0 else { throw SpoolError.posix("utimensat", errno, path: path) }
    }
}

/// `try #require` without the Testing macro, for fixture code.
private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw SpoolError(.notFound, "fixture: expected a value") }
    return value
}
