import Foundation
import Testing

@testable import HTTPView

/// The dashboard's HTML must survive hostile job data and the page's strict CSP (nonce-only scripts and styles,
/// no inline handlers or style attributes), and must be usable without its script.
@Suite("Dashboard page")
struct DashboardPageTests {
    static let nonce = "n0nce-Abc123"
    static let hostileId = "<script>alert(1)</script>"
    static let hostileUser = "\"><img src=x onerror=alert(1)>"
    static let hostileError = "</td><script>evil()</script> & \"quotes\" 'single'"

    static let jobs: [DashboardJob] = [
        DashboardJob(
            id: "ep-44", kind: "mp3", state: "processing", phase: "encoding", progress: 0.427, estimatedSeconds: 95, attempts: 1,
            maxAttempts: 3, userId: "alice", createdAt: "2026-11-23T10:15:02.123456Z", inputSeconds: 2712.4),
        DashboardJob(
            id: "ep-43", kind: "mp3", state: "done", progress: 1, attempts: 1, maxAttempts: 3, userId: "alice",
            createdAt: "2026-11-23T09:58:40.000001Z", completedAt: "2026-11-23T10:01:12.500000Z", inputSeconds: 1834,
            outputs: [DashboardOutput(name: "ep 43.mp3", size: 29_345_112, mimeType: "audio/mpeg", url: "/files/ep-43/ep%2043.mp3")]),
        DashboardJob(
            id: "promo-7", kind: "mp4", state: "done", progress: 1, attempts: 1, maxAttempts: 3, userId: "carol",
            createdAt: "2026-11-22T17:02:11.000000Z",
            outputs: [
                DashboardOutput(name: "promo.mp4", size: 4_812_345, mimeType: "video/mp4", url: "/files/promo-7/promo.mp4"),
                DashboardOutput(name: "cover.jpg", size: 81_234, mimeType: "image/jpeg", url: "/files/promo-7/cover.jpg"),
            ]),
        DashboardJob(
            id: hostileId, kind: "mp3", state: "failed", attempts: 3, maxAttempts: 3, userId: hostileUser,
            createdAt: "2026-11-22T16:00:00.000000Z", error: hostileError, errorCode: "invalid-field", errorField: "options.bitrate"),
    ]

    static func model(state: String? = nil, user: String? = nil, cursor: String? = "c2", jobs: [DashboardJob] = jobs) -> DashboardModel {
        DashboardModel(
            counts: ["pending": 3, "processing": 1, "done": 20, "failed": 2, "hold": 0], jobs: jobs, stateFilter: state, userFilter: user,
            users: ["alice", "carol", hostileUser], nextCursor: cursor, generatedAt: "2026-11-23T10:16:00.000000Z")
    }

    let html = DashboardPage.render(model(), nonce: nonce)

    @Test func hostileTextIsEscaped() {
        // The page's own script is the only one; the hostile id and error are text.
        #expect(occurrences(of: "<script", in: html.lowercased()) == 1)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;/td&gt;&lt;script&gt;evil()&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        // The only pictures are the job's own outputs, from the site.
        #expect(tags(in: html).filter { $0.name == "img" }.map { $0.attributes["src"] } == ["/files/promo-7/cover.jpg"])
        // In attributes too: the id is the row's key, the user id an option's value.
        #expect(html.contains("data-job=\"&lt;script&gt;alert(1)&lt;/script&gt;\""))
        #expect(tags(in: html).contains { $0.name == "option" && $0.attributes["value"] == "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" })
    }

    @Test func everyScriptAndStyleCarriesTheNonce() {
        let tags = tags(in: html).filter { $0.name == "script" || $0.name == "style" }
        #expect(tags.filter { $0.name == "script" }.count == 1)
        #expect(tags.filter { $0.name == "style" }.count == 1)
        for tag in tags { #expect(tag.attributes["nonce"] == Self.nonce, "\(tag.name) without the nonce") }
    }

    @Test func nonceIsEscaped() {
        let page = DashboardPage.render(Self.model(), nonce: "a\"b")
        #expect(page.contains("nonce=\"a&quot;b\""))
        #expect(!page.contains("nonce=\"a\"b\""))
    }

    @Test func noInlineHandlersOrStyleAttributes() {
        #expect(!html.contains("style=\""))
        #expect(!html.contains("style='"))
        for tag in tags(in: html) {
            for name in tag.attributes.keys {
                #expect(!name.hasPrefix("on"), "<\(tag.name) \(name)=…>")
                #expect(name != "style", "<\(tag.name) style=…>")
            }
        }
        #expect(!html.lowercased().contains("javascript:"))
        #expect(!html.contains("innerHTML"))
    }

    @Test func doneJobsGetPlayersAndDownloadLinks() throws {
        let tags = tags(in: html)
        let audio = try #require(tags.first { $0.name == "audio" })
        #expect(audio.attributes["src"] == "/files/ep-43/ep%2043.mp3")
        #expect(audio.attributes["controls"] != nil)
        #expect(audio.attributes["preload"] == "none")
        let video = try #require(tags.first { $0.name == "video" })
        #expect(video.attributes["src"] == "/files/promo-7/promo.mp4")
        #expect(video.attributes["preload"] == "none")
        #expect(tags.filter { $0.name == "audio" }.count == 1)
        #expect(tags.filter { $0.name == "video" }.count == 1)
        // Every output, playable or not, has a download link with its size.
        let downloads = tags.filter { $0.name == "a" && $0.attributes["download"] != nil }.compactMap { $0.attributes["href"] }
        #expect(downloads == ["/files/ep-43/ep%2043.mp3", "/files/promo-7/promo.mp4", "/files/promo-7/cover.jpg"])
        #expect(html.contains("ep 43.mp3</a><span class=\"size\">29 MB</span>"))
        #expect(html.contains("cover.jpg</a><span class=\"size\">81 kB</span>"))
        // Pictures (posters, carousel slides) are thumbnails in a gallery, loaded lazily and linking to the full picture.
        let thumbnail = try #require(tags.first { $0.name == "img" })
        #expect(thumbnail.attributes["loading"] == "lazy" && thumbnail.attributes["alt"] == "cover.jpg")
        #expect(html.contains("<div class=\"gallery\" role=\"list\" aria-label=\"Pictures of promo-7\">"))
    }

    @Test func outputOutsideTheSiteIsNotALink() {
        let job = DashboardJob(
            id: "x", state: "done", createdAt: "2026-11-23T10:15:02.123456Z",
            outputs: [DashboardOutput(name: "a.mp3", size: 1, mimeType: "audio/mpeg", url: "javascript:alert(1)")])
        let page = DashboardPage.render(Self.model(jobs: [job]), nonce: Self.nonce)
        #expect(!page.contains("javascript:"))
        #expect(!tags(in: page).contains { $0.name == "audio" })
    }

    @Test func failedJobShowsItsError() throws {
        let start = try #require(html.range(of: "<div class=\"err\""))
        let box = html[start.lowerBound...].prefix { $0 != "\n" }
        #expect(box.contains("<span class=\"err-code\">invalid-field</span>"))
        #expect(box.contains("<code>options.bitrate</code>"))
        #expect(box.contains("<p class=\"err-msg\">&lt;/td&gt;&lt;script&gt;evil()"))
        #expect(html.contains("after 3 of 3 attempts"))
    }

    @Test func countsLinkToTheirState() {
        for (state, count) in [("pending", 3), ("processing", 1), ("done", 20), ("failed", 2), ("hold", 0)] {
            #expect(html.contains("href=\"/?state=\(state)\""), "no link for \(state)")
            #expect(html.contains("data-count=\"\(state)\">\(count)</span>"), "no count for \(state)")
        }
        #expect(html.contains("<a class=\"count k-all\" href=\"/\" aria-current=\"page\">"))
        #expect(html.contains("data-count=\"all\">26</span>"))
        #expect(html.contains("aria-live=\"polite\""))
    }

    @Test func countsKeepTheUserFilterAndMarkTheCurrentState() {
        let page = DashboardPage.render(Self.model(state: "failed", user: "u 1&x"), nonce: Self.nonce)
        #expect(page.contains("<a class=\"count k-failed\" href=\"/?state=failed&amp;user=u%201%26x\" aria-current=\"page\">"))
        #expect(page.contains("<a class=\"count k-all\" href=\"/?user=u%201%26x\">"))
        #expect(page.contains("<option value=\"failed\" selected>Failed</option>"))
        // A user that is not among the known ones is still offered, selected.
        #expect(page.contains("<option value=\"u 1&amp;x\" selected>u 1&amp;x</option>"))
    }

    @Test func olderLinkKeepsTheFilters() {
        let page = DashboardPage.render(Self.model(state: "done", user: "alice", cursor: "abc/+="), nonce: Self.nonce)
        #expect(page.contains("<a id=\"older\" href=\"/?cursor=abc%2F%2B%3D&amp;state=done&amp;user=alice\">Older jobs"))
        let last = DashboardPage.render(Self.model(cursor: nil), nonce: Self.nonce)
        #expect(last.contains("<a id=\"older\" hidden>"))
        #expect(!last.contains("cursor="))
    }

    @Test func processingJobShowsABarPhaseAndEstimate() {
        #expect(html.contains("<progress class=\"bar\" max=\"100\" value=\"42\""))
        #expect(html.contains("<span class=\"phase\">encoding</span><span class=\"pct\">42%</span><span class=\"eta\">~2 min left</span>"))
        #expect(html.contains("<td class=\"c-input\" data-label=\"Input\">45:12</td>"))
    }

    @Test func filterFormWorksWithoutScript() throws {
        let form = try #require(tags(in: html).first { $0.name == "form" })
        #expect(form.attributes["method"] == "get")
        #expect(form.attributes["action"] == "/")
        #expect(html.contains("<select name=\"state\">"))
        #expect(html.contains("<select name=\"user\">"))
        #expect(html.contains("<button type=\"submit\">"))
    }

    @Test func emptyPageSaysSo() {
        let page = DashboardPage.render(Self.model(cursor: nil, jobs: []), nonce: Self.nonce)
        #expect(page.contains("No jobs here."))
        #expect(!page.contains("data-job="))
    }

    /// The script computes the same signature from `/api/jobs` to decide whether to replace a row; these values
    /// came from the script's function, so a change on one side only is caught here.
    @Test func signatureMatchesTheScripts() {
        let done = DashboardJob(
            id: "ep-43", kind: "mp3", state: "done", attempts: 1, maxAttempts: 3, userId: "zoë", createdAt: "",
            completedAt: "2026-11-23T10:01:12.500000Z",
            outputs: [DashboardOutput(name: "ep 43.mp3", size: 29_345_112, mimeType: "audio/mpeg", url: "/files/ep-43/ep%2043.mp3")])
        #expect(DashboardJobRow.signature(done) == "g6kytz")
        let failed = DashboardJob(
            id: "b", state: "failed", attempts: 0, maxAttempts: 3, createdAt: "", error: "bad 🎵 json", errorCode: "invalid-json")
        #expect(DashboardJobRow.signature(failed) == "4fbag5")
    }

    // MARK: - A small tag scanner: enough to see attributes, skipping the raw text of <script> and <style>.

    struct Tag {
        var name: String
        var attributes: [String: String]
    }

    func tags(in html: String) -> [Tag] {
        let chars = Array(html)
        var tags: [Tag] = []
        var i = 0
        while i < chars.count {
            guard chars[i] == "<", i + 1 < chars.count, chars[i + 1].isLetter else {
                i += 1
                continue
            }
            i += 1
            var name = ""
            while i < chars.count, chars[i].isLetter || chars[i].isNumber {
                name.append(chars[i])
                i += 1
            }
            var attributes: [String: String] = [:]
            while i < chars.count, chars[i] != ">" {
                if chars[i].isWhitespace || chars[i] == "/" {
                    i += 1
                    continue
                }
                var attribute = ""
                while i < chars.count, !chars[i].isWhitespace, chars[i] != "=", chars[i] != ">" {
                    attribute.append(chars[i])
                    i += 1
                }
                var value = ""
                if i < chars.count, chars[i] == "=" {
                    i += 1
                    if i < chars.count, chars[i] == "\"" || chars[i] == "'" {
                        let quote = chars[i]
                        i += 1
                        while i < chars.count, chars[i] != quote {
                            value.append(chars[i])
                            i += 1
                        }
                        i += 1
                    } else {
                        while i < chars.count, !chars[i].isWhitespace, chars[i] != ">" {
                            value.append(chars[i])
                            i += 1
                        }
                    }
                }
                attributes[attribute.lowercased()] = value
            }
            name = name.lowercased()
            tags.append(Tag(name: name, attributes: attributes))
            if name == "script" || name == "style" {
                let rest = String(chars[i...])
                guard let end = rest.range(of: "</\(name)") else { break }
                i += rest.distance(from: rest.startIndex, to: end.lowerBound)
            }
        }
        return tags
    }

    func occurrences(of needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }
}
