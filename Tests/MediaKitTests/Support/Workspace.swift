import Foundation
import MediaKit
import SystemPackage

/// A temporary folder for one test's fixtures and outputs, removed by ``remove()``.
struct Workspace {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mediakit-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    func size(of name: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path(name))[.size] as? NSNumber)?.intValue ?? -1
    }

    /// Files in the folder, sorted.
    func listing() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }

    /// Runs a tool inside the folder (fixture names are relative to it).
    @discardableResult
    func run(_ arguments: String...) throws -> Data { try Tool.run(arguments, in: url) }

    /// Transcodes `input` to `output` through an fd, as the worker does.
    @discardableResult
    func transcode(
        _ input: String, to output: String, settings: MP3Settings = MP3Settings(), limits: DecodeLimits = .default,
        progress: (TranscodeProgress) -> Void = { _ in }
    ) throws(MediaError) -> TranscodeResult {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(FilePath(path(input)), .readOnly)
        } catch {
            throw MediaError(.io, "test could not open \(input): \(error)")
        }
        defer { try? descriptor.close() }
        return try MP3Transcoder.transcode(
            input: descriptor, inputName: input, to: FilePath(path(output)), settings: settings, limits: limits,
            progress: progress)
    }
}
