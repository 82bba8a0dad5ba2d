import Foundation

/// ffprobe and ffmpeg reading video outputs back: streams, single frames as gray pixels, where
/// the audio starts, PNG headers.
enum VideoProbe {
    struct Stream: Decodable {
        var codecType: String?
        var codecName: String?
        var width: Int?
        var height: Int?
        var pixelFormat: String?
        var frameRate: String?
        var sampleRate: String?
        var nbFrames: String?
        var duration: String?
        var startTime: String?

        enum CodingKeys: String, CodingKey {
            case codecType = "codec_type"
            case codecName = "codec_name"
            case width, height
            case pixelFormat = "pix_fmt"
            case frameRate = "r_frame_rate"
            case sampleRate = "sample_rate"
            case nbFrames = "nb_frames"
            case duration
            case startTime = "start_time"
        }

        var frames: Int? { nbFrames.flatMap { Int($0) } }
        var durationSeconds: Double? { duration.flatMap { Double($0) } }
        var startSeconds: Double? { startTime.flatMap { Double($0) } }
    }

    private struct Output: Decodable { var streams: [Stream] }

    static func streams(_ path: String) throws -> [Stream] {
        let data = try Tool.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", path])
        return try JSONDecoder().decode(Output.self, from: data).streams
    }

    /// Frame `index` (0-based) of the video as 8-bit luma, `width` × `height` bytes.
    static func grayFrame(_ path: String, index: Int, width: Int, height: Int) throws -> [UInt8] {
        let data = try Tool.run([
            "ffmpeg", "-v", "error", "-i", path, "-vf", "select=eq(n\\,\(index))", "-frames:v", "1", "-f", "rawvideo",
            "-pix_fmt", "gray", "-",
        ])
        guard data.count == width * height else {
            throw Tool.Failure(command: ["ffmpeg", path], status: 0, stderr: "frame \(index): \(data.count) bytes")
        }
        return [UInt8](data)
    }

    /// The first time the file's decoded audio (mono, 8 kHz s16) goes above -20 dBFS.
    static func audioOnsetSeconds(_ path: String) throws -> Double {
        let data = try Tool.run(["ffmpeg", "-v", "error", "-i", path, "-map", "0:a:0", "-ac", "1", "-ar", "48000", "-f", "s16le", "-"])
        let samples = data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        guard let first = samples.firstIndex(where: { abs(Int($0)) > 3277 }) else { return -1 }
        return Double(first) / 48000
    }

    /// Width and height from a PNG's IHDR.
    static func pngSize(_ path: String) throws -> (width: Int, height: Int) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)).prefix(24))
        guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] else { return (0, 0) }
        func word(_ offset: Int) -> Int { bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (word(16), word(20))
    }
}
