import Foundation

/// The chapters ffprobe reads from a file (`-show_chapters`), with times in seconds.
struct ProbeChapters: RandomAccessCollection {
    struct Chapter {
        var title: String?
        var start: Double
        var end: Double
    }

    private var chapters: [Chapter]

    init(_ path: String) throws {
        struct Output: Decodable {
            struct Raw: Decodable {
                var startTime: String
                var endTime: String
                var tags: [String: String]?
                enum CodingKeys: String, CodingKey {
                    case startTime = "start_time"
                    case endTime = "end_time"
                    case tags
                }
            }
            var chapters: [Raw]
        }
        let json = try Tool.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_chapters", path])
        chapters = try JSONDecoder().decode(Output.self, from: json).chapters.map {
            Chapter(title: $0.tags?["title"], start: Double($0.startTime) ?? -1, end: Double($0.endTime) ?? -1)
        }
    }

    var startIndex: Int { chapters.startIndex }
    var endIndex: Int { chapters.endIndex }
    subscript(position: Int) -> Chapter { chapters[position] }
}
