import Foundation

/// ffprobe's and ffmpeg's view of rendered files: chapters, loudness, atom order.
extension Probe {
    struct Chapter: Decodable {
        var startTime: String
        var endTime: String
        var tags: [String: String]?

        var start: Double { Double(startTime) ?? -1 }
        var end: Double { Double(endTime) ?? -1 }
        var title: String? { tags?["title"] }

        enum CodingKeys: String, CodingKey {
            case startTime = "start_time"
            case endTime = "end_time"
            case tags
        }
    }

    /// `ffprobe -show_chapters`.
    static func chapters(_ path: String) throws -> [Chapter] {
        struct Output: Decodable { var chapters: [Chapter]? }
        let json = try Tool.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_chapters", path])
        return try JSONDecoder().decode(Output.self, from: json).chapters ?? []
    }

    /// Tags wherever the format keeps them: the file's, then the audio stream's (Ogg).
    var allTags: [String: String] {
        (audio?.tags ?? [:]).merging(tags) { _, file in file }
    }

    /// What `ffmpeg -af ebur128=peak=true` measures, to three decimals (the summary prints one).
    struct Loudness {
        var integrated: Double
        var range: Double
        /// dBTP; -inf for silence.
        var truePeak: Double
    }

    /// `ffmpeg -af ebur128=peak=true`, optionally on `start`…`start+duration` seconds only: the
    /// last values the filter attaches as frame metadata (the same figures as its summary).
    static func loudness(_ path: String, start: Double? = nil, duration: Double? = nil) throws -> Loudness {
        var arguments = ["ffmpeg", "-nostdin", "-v", "error"]
        if let start { arguments += ["-ss", String(start)] }
        if let duration { arguments += ["-t", String(duration)] }
        arguments += [
            "-i", path, "-af", "ebur128=peak=true:metadata=1,ametadata=mode=print:file=-", "-f", "null", "-",
        ]
        var values: [String: Double] = [:]
        for line in String(decoding: try Tool.run(arguments), as: UTF8.self).split(separator: "\n") {
            let pair = line.split(separator: "=", maxSplits: 1)
            if pair.count == 2, let value = Double(pair[1]) { values[String(pair[0])] = value }
        }
        guard let integrated = values["lavfi.r128.I"], let range = values["lavfi.r128.LRA"],
            let peak = values["lavfi.r128.true_peak"]
        else { throw Tool.Failure(command: arguments, status: 0, stderr: "no ebur128 metadata") }
        return Loudness(integrated: integrated, range: range, truePeak: 20 * log10(peak))
    }

    /// The four-character types of an MPEG-4 file's top-level boxes, in order.
    static func topLevelBoxes(_ path: String) throws -> [String] {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var boxes: [String] = []
        var offset: UInt64 = 0
        let size = try handle.seekToEnd()
        while offset + 8 <= size {
            try handle.seek(toOffset: offset)
            let header = [UInt8](handle.readData(ofLength: 16))
            var length = UInt64(header[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            if length == 1, header.count == 16 { length = header[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
            if length == 0 { length = size - offset }
            boxes.append(String(decoding: header[4..<8], as: UTF8.self))
            guard length >= 8 else { break }
            offset += length
        }
        return boxes
    }
}
