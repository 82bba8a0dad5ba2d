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

extension Workspace {
    /// Renders `parts` (fixture names, with titles and gains) through descriptors, as the worker does.
    @discardableResult
    func render(
        _ parts: [(file: String, title: String, gainDB: Double)], to output: String, encoding: AudioEncoding,
        gapMilliseconds: Int = 0, tags: [String: String] = [:], chapters: Bool = false, ceiling: Double? = nil,
        target: Double? = nil, measure: Bool = false, limits: DecodeLimits = .default,
        progress: (TranscodeProgress) -> Void = { _ in }
    ) throws(MediaError) -> RenderResult {
        var descriptors: [FileDescriptor] = []
        defer { for descriptor in descriptors { try? descriptor.close() } }
        for part in parts {
            do {
                descriptors.append(try FileDescriptor.open(FilePath(path(part.file)), .readOnly))
            } catch {
                throw MediaError(.io, "test could not open \(part.file): \(error)")
            }
        }
        let request = RenderRequest(
            parts: zip(parts, descriptors).map { part, descriptor in
                RenderPart(descriptor: descriptor, name: part.file, title: part.title, gainDB: part.gainDB)
            },
            gapMilliseconds: gapMilliseconds, encoding: encoding, tags: tags, chapters: chapters,
            truePeakCeilingDBTP: ceiling, loudnessTargetLUFS: target, measureOutputLoudness: measure,
            outputPath: FilePath(path(output)))
        return try AudioRenderer.render(request, limits: limits, progress: progress)
    }

    /// Renders files with empty titles and no gain.
    @discardableResult
    func render(
        _ files: [String], to output: String, encoding: AudioEncoding, gapMilliseconds: Int = 0
    ) throws(MediaError) -> RenderResult {
        try render(files.map { ($0, "", 0) }, to: output, encoding: encoding, gapMilliseconds: gapMilliseconds)
    }

    /// Measures a fixture with ``LoudnessScanner``.
    func measure(_ file: String) throws(MediaError) -> LoudnessMeasurement {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(FilePath(path(file)), .readOnly)
        } catch {
            throw MediaError(.io, "test could not open \(file): \(error)")
        }
        defer { try? descriptor.close() }
        return try LoudnessScanner.measure(descriptor, name: file) { _ in }
    }
}
