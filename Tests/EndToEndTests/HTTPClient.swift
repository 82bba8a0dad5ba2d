import Foundation
import Testing

/// curl, as a person would use it against the HTTP view.
enum HTTPClient {
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// One request; `headers` as "Name: value". Headers are lower-cased keys.
    static func request(_ url: String, method: String = "GET", headers: [String] = [], maxTime: Double = 10) throws -> Answer {
        let head = FileManager.default.temporaryDirectory.path + "/curl-head-\(UUID().uuidString)"
        let body = head + ".body"
        defer {
            try? FileManager.default.removeItem(atPath: head)
            try? FileManager.default.removeItem(atPath: body)
        }
        var arguments = ["-s", "-g", "--path-as-is", "--max-time", "\(maxTime)", "-D", head, "-o", body]
        arguments += method == "HEAD" ? ["-I"] : ["-X", method]
        for header in headers { arguments += ["-H", header] }
        arguments.append(url)
        let result = try SpoolFixture.run("curl", arguments)
        try #require(result.status == 0 || result.status == 28, "curl failed: \(result.stderr)")
        let headText = (try? String(contentsOfFile: head, encoding: .utf8)) ?? ""
        var status = 0
        var fields: [String: String] = [:]
        for line in headText.components(separatedBy: "\r\n") {
            if line.hasPrefix("HTTP/") {
                status = Int(line.split(separator: " ")[1]) ?? 0
            } else if let colon = line.firstIndex(of: ":") {
                fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return Answer(status: status, headers: fields, body: (try? Data(contentsOf: URL(fileURLWithPath: body))) ?? Data())
    }

    /// `curl -N` reading an event stream into a file until stopped.
    static func startStream(_ url: String, headers: [String] = [], to path: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "-N", "--max-time", "120", "-o", path] + headers.flatMap { ["-H", $0] } + [url]
        try process.run()
        return process
    }

    /// The JSON events in an SSE capture: (id, data object).
    static func events(in text: String) -> [(id: Int, data: [String: Any])] {
        var events: [(Int, [String: Any])] = []
        for block in text.components(separatedBy: "\n\n") {
            var id: Int?
            var data: [String: Any]?
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { id = Int(line.dropFirst(4)) }
                if line.hasPrefix("data: "), let object = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) {
                    data = object as? [String: Any]
                }
            }
            if let id, let data { events.append((id, data)) }
        }
        return events
    }
}
