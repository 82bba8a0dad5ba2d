import Foundation
import Testing

/// What ffprobe and ffmpeg say of an output: the judges of every encode (never its bytes).
struct Probe {
    var codec: String
    var sampleRate: Int
    var channels: Int
    var bitRate: Int?
    var duration: Double
    var tags: [String: String]
    /// Samples per channel that ffmpeg decodes (it applies the LAME tag's delay and padding).
    var decodedSamples: Int

    init(_ path: String) throws {
        let result = try SpoolFixture.run(
            "ffprobe",
            [
                "-v", "error", "-select_streams", "a:0", "-show_entries",
                "stream=codec_name,sample_rate,channels,bit_rate:format=duration,bit_rate:format_tags", "-of", "json", path,
            ])
        try #require(result.status == 0, "ffprobe \(path): \(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let stream = try #require((json["streams"] as? [[String: Any]])?.first)
        let format = try #require(json["format"] as? [String: Any])
        codec = stream["codec_name"] as? String ?? ""
        sampleRate = Int(stream["sample_rate"] as? String ?? "") ?? 0
        channels = stream["channels"] as? Int ?? 0
        bitRate = Int(stream["bit_rate"] as? String ?? "") ?? Int(format["bit_rate"] as? String ?? "")
        duration = Double(format["duration"] as? String ?? "") ?? 0
        tags = (format["tags"] as? [String: String]) ?? [:]
        // Count the decoded bytes as they stream by, so a long output never sits in memory.
        let decoded = try SpoolFixture.run(
            "bash", ["-c", "set -o pipefail; ffmpeg -v error -i \"$1\" -f s16le -ac 1 - | wc -c", "bash", path])
        try #require(decoded.status == 0, "ffmpeg decode \(path): \(decoded.stderr)")
        decodedSamples = (Int(decoded.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) / 2
    }

    var decodedSeconds: Double { Double(decodedSamples) / Double(sampleRate) }

    /// One MP3 frame (1152 samples at 32 kHz and up, 576 below).
    var frameSeconds: Double { Double(sampleRate >= 32000 ? 1152 : 576) / Double(sampleRate) }
}
