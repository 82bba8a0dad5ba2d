import SpoolCore
import SystemPackage

/// A job's transcript as timed segments, with what `status.json` says about where it came from.
struct LoadedTranscript {
    var segments: [TranscriptSegment]
    var info: TranscriptInfo
}

/// Reads a job's transcript: timed segments from the job, a plain string spread over the
/// audio's duration by sentence, or a WebVTT, SRT or JSON file opened beneath its root as
/// inputs are. A malformed file fails the job with `invalid-transcript` and its line.
enum TranscriptLoader {
    /// `duration` is asked for only for a plain string; without it (carousels, which need no
    /// times) a plain string becomes untimed sentences.
    static func load(job: Job, roots: InputRoots, duration: (() throws -> Double?)?) throws -> LoadedTranscript? {
        let transcriptId = job.extra["transcriptId"].flatMap { if case .string(let id) = $0 { id } else { nil } }
        switch job.transcriptSource {
        case nil:
            return nil
        case .segments(let segments)?:
            let ordered = segments.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
            let spoken = ordered.filter { !$0.text.allSatisfy(\.isWhitespace) }
            return LoadedTranscript(
                segments: spoken, info: TranscriptInfo(source: "segments", segments: spoken.count, transcriptId: transcriptId, file: nil))
        case .text(let text)? where duration == nil:
            let segments = TranscriptSpreader.split(text).map { TranscriptSegment(start: 0, end: 0, text: $0) }
            return LoadedTranscript(
                segments: segments, info: TranscriptInfo(source: "text", segments: segments.count, transcriptId: transcriptId, file: nil))
        case .text(let text)?:
            guard let seconds = try duration?(), seconds > 0 else {
                throw JobError(
                    .invalidField, field: "transcript",
                    reason:
                        "a plain-text transcript is spread over the audio's duration, which the input does not declare; give timed segments"
                )
            }
            let segments = TranscriptSpreader.spread(text, over: seconds)
            return LoadedTranscript(
                segments: segments, info: TranscriptInfo(source: "text", segments: segments.count, transcriptId: transcriptId, file: nil))
        case .file(let path)?:
            let descriptor = try InputOpener.open(path, field: "transcriptFile", roots: roots)
            defer { try? descriptor.close() }
            let bytes = try read(descriptor, limit: TranscriptParser.maxBytes, field: "transcriptFile")
            let segments: [TranscriptSegment]
            do {
                segments = try TranscriptParser.parse(bytes, name: path)
            } catch {
                throw error.jobError(field: "transcriptFile")
            }
            let format = TranscriptParser.format(name: path, text: String(decoding: bytes.prefix(64), as: UTF8.self)).rawValue
            return LoadedTranscript(
                segments: segments, info: TranscriptInfo(source: format, segments: segments.count, transcriptId: transcriptId, file: path))
        }
    }

    /// At most `limit` + 1 bytes, so a larger file is reported by the parser's size check.
    private static func read(_ descriptor: FileDescriptor, limit: Int, field: String) throws(JobError) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        do {
            while bytes.count <= limit {
                let count = try buffer.withUnsafeMutableBytes { try descriptor.read(into: $0) }
                if count == 0 { break }
                bytes += buffer[0..<count]
            }
        } catch {
            throw JobError(.inputUnreadable, field: field, reason: "cannot read the transcript: \(error)")
        }
        return bytes
    }
}
