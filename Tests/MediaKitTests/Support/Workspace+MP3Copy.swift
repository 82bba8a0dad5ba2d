import Foundation
import MediaKit
import SystemPackage

/// Fixtures and calls for the frame-copy tests: spoken paragraphs encoded by the lame CLI,
/// scanned and joined through file descriptors as the worker does.
extension Workspace {
    static let sentences = [
        "The first paragraph is short.",
        "Here is the second paragraph, which is a little longer than the first one.",
        "A third one.",
        "And the fourth paragraph closes the page with a final sentence.",
    ]

    /// `p1.mp3`, `p2.mp3`, … from `sentences` (espeak-ng at 22.05 kHz mono, then
    /// `lame <lameArguments>`); `stereo` first makes the speech two-channel with a slight delay on
    /// the right so joint stereo has work to do.
    @discardableResult
    func makeParts(
        _ count: Int, lame lameArguments: [String], stereo: Bool = false, prefix: String = "p"
    ) throws -> [String] {
        var names: [String] = []
        for index in 0..<count {
            let name = "\(prefix)\(index + 1)"
            try run("espeak-ng", "-w", "\(name)-voice.wav", Self.sentences[index % Self.sentences.count])
            var source = "\(name)-voice.wav"
            if stereo {
                try run("sox", source, "\(name)-stereo.wav", "remix", "1", "1", "delay", "0", "0.002")
                source = "\(name)-stereo.wav"
            }
            try Tool.run(["lame", "--quiet"] + lameArguments + [source, "\(name).mp3"], in: url)
            names.append("\(name).mp3")
        }
        return names
    }

    func open(_ name: String, _ mode: FileDescriptor.AccessMode = .readOnly) throws -> FileDescriptor {
        try FileDescriptor.open(FilePath(path(name)), mode)
    }

    func scan(_ name: String) throws -> MP3StreamInfo {
        let descriptor = try open(name)
        defer { try? descriptor.close() }
        return try MP3Scanner.scan(descriptor, name: name)
    }

    /// Scans and joins `names` into `output`; titles are `Title of <name>`.
    @discardableResult
    func join(
        _ names: [String], to output: String, gapMilliseconds: Int, tags: [String: String] = [:], chapters: Bool = false,
        progress: (TranscodeProgress) -> Void = { _ in }
    ) throws -> (MP3JoinResult, [MP3StreamInfo]) {
        let descriptors = try names.map { try open($0) }
        defer { for descriptor in descriptors { try? descriptor.close() } }
        let infos = try zip(descriptors, names).map { try MP3Scanner.scan($0, name: $1) }
        let parts = zip(descriptors, names).map { MP3FrameJoiner.Part(descriptor: $0, name: $1, title: "Title of \($1)") }
        let result = try MP3FrameJoiner.join(
            parts: parts, infos: infos, gapMilliseconds: gapMilliseconds, tags: tags, chapters: chapters,
            to: FilePath(path(output)), progress: progress)
        return (result, infos)
    }

    func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name)))) }

    func write(_ bytes: [UInt8], to name: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path(name)))
    }

    /// The file decoded by ffmpeg to mono s16 samples at its own rate.
    func decoded(_ name: String) throws -> [Int16] {
        let data = try Tool.run(["ffmpeg", "-nostdin", "-v", "error", "-i", path(name), "-f", "s16le", "-ac", "1", "-"])
        return data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
    }

    /// What ffmpeg prints at `-v error` while decoding the whole file (empty when it is clean).
    func decodeErrors(_ name: String) throws -> String {
        let data = try Tool.run(["sh", "-c", "ffmpeg -nostdin -v error -i \"$0\" -f null - 2>&1", path(name)])
        return String(decoding: data, as: UTF8.self)
    }
}
