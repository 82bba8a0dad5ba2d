import Foundation

/// What ffprobe and the ffmpeg decoder say about a file: the judge of every output.
struct Probe {
    struct Stream: Decodable {
        var codecType: String?
        var codecName: String?
        var sampleRate: String?
        var channels: Int?
        var bitRate: String?
        var duration: String?
        var tags: [String: String]?

        enum CodingKeys: String, CodingKey {
            case codecType = "codec_type"
            case codecName = "codec_name"
            case sampleRate = "sample_rate"
            case channels
            case bitRate = "bit_rate"
            case duration
            case tags
        }
    }
    struct Format: Decodable {
        var formatName: String?
        var duration: String?
        var bitRate: String?
        var tags: [String: String]?

        enum CodingKeys: String, CodingKey {
            case formatName = "format_name"
            case duration
            case bitRate = "bit_rate"
            case tags
        }
    }
    private struct Output: Decodable {
        var streams: [Stream]?
        var format: Format?
    }

    var streams: [Stream]
    var format: Format

    init(_ path: String) throws {
        let data = try Tool.run([
            "ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format", path,
        ])
        let output = try JSONDecoder().decode(Output.self, from: data)
        streams = output.streams ?? []
        format = output.format ?? Format()
    }

    var audio: Stream? { streams.first { $0.codecType == "audio" } }
    var sampleRate: Int? { audio?.sampleRate.flatMap { Int($0) } }
    var channels: Int? { audio?.channels }
    var bitRate: Int? { audio?.bitRate.flatMap { Int($0) } }
    var durationSeconds: Double? { format.duration.flatMap { Double($0) } }
    var tags: [String: String] { format.tags ?? [:] }

    /// Samples per channel the ffmpeg decoder produces at the file's own rate (mixed to mono, s16).
    static func decodedSamples(_ path: String) throws -> Int {
        try Tool.run(["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "s16le", "-ac", "1", "-"]).count / 2
    }

    /// Decoded duration in seconds: decoded samples over the file's sample rate.
    static func decodedSeconds(_ path: String) throws -> Double {
        let rate = try Probe(path).sampleRate ?? 0
        return Double(try decodedSamples(path)) / Double(max(rate, 1))
    }

    /// The bytes of the first MPEG audio frame after the ID3v2 tag (where the LAME/Xing header lives).
    static func firstFrame(_ path: String) throws -> [UInt8] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var offset = 0
        if bytes.count >= 10, bytes[0] == 0x49, bytes[1] == 0x44, bytes[2] == 0x33 {  // "ID3"
            let size = bytes[6...9].reduce(0) { $0 << 7 | Int($1 & 0x7F) }
            offset = 10 + size
        }
        return Array(bytes[offset..<min(bytes.count, offset + 1441)])
    }
}

extension Array where Element == UInt8 {
    func contains(ascii text: String) -> Bool {
        let needle = Array(text.utf8)
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { Array(self[$0..<$0 + needle.count]) == needle }
    }
}
