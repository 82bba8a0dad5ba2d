/// One job as a `<tbody>` of its own (a main row, and a detail row for players, downloads or the error), so the
/// script can key, keep or replace a job as a unit and an `<audio>` that is playing survives a refresh.
/// The script's `build()` draws the same markup from `/api/jobs`; keep the two in step.
enum DashboardJobRow {
    static let columnCount = 7

    static func render(_ job: DashboardJob) -> String {
        let state = DashboardPage.states.contains(job.state) ? job.state : "other"
        var html = "<tbody class=\"job s-\(state)\" data-job=\"\(esc(job.id))\" data-state=\"\(esc(job.state))\""
        html += " data-sig=\"\(signature(job))\">"
        html += "<tr class=\"main\">"
        html += "<th scope=\"row\" class=\"c-id\"><span class=\"id\">\(esc(job.id))</span>\(batch(job))</th>"
        html += "<td class=\"c-kind\" data-label=\"Kind\">\(esc(job.kind ?? "—"))</td>"
        html += "<td class=\"c-user\" data-label=\"User\">\(esc(job.userId ?? "—"))</td>"
        html += "<td class=\"c-state\"><span class=\"badge s-\(state)\">\(esc(job.state))</span></td>"
        html += "<td class=\"c-prog\" data-label=\"Progress\">\(progress(job))</td>"
        html += "<td class=\"c-created\" data-label=\"Created\">\(time(job.createdAt))</td>"
        html += "<td class=\"c-input\" data-label=\"Input\">\(esc(DashboardFormat.duration(job.inputSeconds) ?? "—"))</td>"
        html += "</tr>"
        html += detail(job)
        html += "</tbody>"
        return html
    }

    /// A link to the job's batch (every job of the file it came in), when it came in one.
    static func batch(_ job: DashboardJob) -> String {
        guard let batch = job.batchId else { return "" }
        let href = "/" + DashboardEscaping.queryString([("batch", batch)])
        let label = "batch " + batch + (job.batchIndex.map { " · \($0)" } ?? "")
        return "<a class=\"batch\" href=\"\(esc(href))\">\(esc(label))</a>"
    }

    /// What the progress column says for each state; a bar only while processing.
    static func progress(_ job: DashboardJob) -> String {
        switch job.state {
        case "processing":
            let percent = DashboardFormat.percent(job.progress)
            var html =
                "<progress class=\"bar\" max=\"100\" value=\"\(percent)\" aria-label=\"Progress of \(esc(job.id))\">\(percent)%</progress>"
            html += "<span class=\"pinfo\"><span class=\"phase\">\(esc(job.phase ?? ""))</span><span class=\"pct\">\(percent)%</span>"
            html += "<span class=\"eta\">\(esc(DashboardFormat.eta(job.estimatedSeconds)))</span>"
            if job.attempts > 1 { html += "<span class=\"att\">attempt \(job.attempts) of \(job.maxAttempts)</span>" }
            return html + "</span>"
        case "pending":
            let text = job.attempts > 0 ? "queued · attempt \(job.attempts + 1) of \(job.maxAttempts)" : "queued"
            return "<span class=\"muted\">\(text)</span>"
        case "hold":
            return "<span class=\"muted\">on hold</span>"
        case "done":
            return "<span class=\"muted\">finished" + (job.completedAt.map { " " + time($0) } ?? "") + "</span>"
        case "failed":
            let text = job.attempts > 0 ? "after \(job.attempts) of \(job.maxAttempts) attempts" : "never started"
            return "<span class=\"muted\">\(text)</span>"
        default:
            return ""
        }
    }

    /// The second row: players and download links for the outputs, and the error with its code and field.
    static func detail(_ job: DashboardJob) -> String {
        let hasError = job.error != nil || job.errorCode != nil
        guard !job.outputs.isEmpty || hasError else { return "" }
        var html = "<tr class=\"detail\"><td colspan=\"\(columnCount)\">"
        if hasError {
            html += "<div class=\"\(job.state == "failed" ? "err" : "err warn")\" role=\"group\" aria-label=\"Error\">"
            if job.errorCode != nil || job.errorField != nil {
                html += "<p class=\"err-head\">"
                if let code = job.errorCode { html += "<span class=\"err-code\">\(esc(code))</span>" }
                if let field = job.errorField { html += "<span class=\"err-field\">field <code>\(esc(field))</code></span>" }
                html += "</p>"
            }
            if let message = job.error { html += "<p class=\"err-msg\">\(esc(message))</p>" }
            html += "</div>"
        }
        let pictures = job.outputs.filter(isPicture)
        let files = job.outputs.filter { !isPicture($0) }
        if !files.isEmpty {
            html += "<ul class=\"outputs\">"
            for output in files { html += self.output(output) }
            html += "</ul>"
        }
        if !pictures.isEmpty {
            html += "<div class=\"gallery\" role=\"list\" aria-label=\"Pictures of \(esc(job.id))\">"
            for picture in pictures { html += thumbnail(picture) }
            html += "</div>"
        }
        return html + "</td></tr>"
    }

    /// PNG and JPEG outputs (carousel slides, posters) are shown as a gallery of thumbnails.
    static func isPicture(_ output: DashboardOutput) -> Bool {
        ["image/png", "image/jpeg"].contains(output.mimeType.lowercased()) && DashboardEscaping.isLocalPath(output.url)
    }

    /// A lazily loaded thumbnail linking to the full picture, captioned with its download link and size.
    static func thumbnail(_ output: DashboardOutput) -> String {
        let url = esc(output.url)
        return
            "<figure class=\"pic\" role=\"listitem\"><a href=\"\(url)\"><img loading=\"lazy\" src=\"\(url)\" alt=\"\(esc(output.name))\"></a>"
            + "<figcaption><a class=\"dl\" href=\"\(url)\" download>\(esc(output.name))</a>"
            + "<span class=\"size\">\(esc(DashboardFormat.bytes(output.size)))</span></figcaption></figure>"
    }

    /// A player for audio and video (preload none: a page of players must not fetch megabytes), and always a download link.
    static func output(_ output: DashboardOutput) -> String {
        let size = "<span class=\"size\">\(esc(DashboardFormat.bytes(output.size)))</span>"
        guard DashboardEscaping.isLocalPath(output.url) else {
            return "<li class=\"out\"><span class=\"dl\">\(esc(output.name))</span>\(size)</li>"
        }
        let url = esc(output.url)
        let mime = output.mimeType.lowercased()
        var html = "<li class=\"out\">"
        let label = "aria-label=\"Play \(esc(output.name))\""
        if mime.hasPrefix("audio/") {
            html += "<audio class=\"player\" controls preload=\"none\" src=\"\(url)\" \(label)></audio>"
        } else if mime.hasPrefix("video/") {
            html += "<video class=\"player\" controls preload=\"none\" playsinline src=\"\(url)\" \(label)></video>"
        }
        html += "<a class=\"dl\" href=\"\(url)\" download><span aria-hidden=\"true\">↓ </span>\(esc(output.name))</a>\(size)</li>"
        return html
    }

    /// FNV-1a over UTF-16 of what a refresh may change besides progress; the script computes the same from `/api/jobs`
    /// and replaces a row only when it differs (progress is updated in place).
    static func signature(_ job: DashboardJob) -> String {
        let text = [
            job.state, job.kind ?? "", job.userId ?? "", String(job.attempts), String(job.maxAttempts), job.errorCode ?? "",
            job.errorField ?? "", job.error ?? "", job.completedAt ?? "",
            job.outputs.map { "\($0.name):\($0.size)" }.joined(separator: ","),
        ].joined(separator: "|")
        var hash: UInt32 = 0x811c_9dc5
        for unit in text.utf16 { hash = (hash ^ UInt32(unit)) &* 16_777_619 }
        return String(hash, radix: 36)
    }

    static func time(_ iso: String) -> String {
        "<time datetime=\"\(esc(iso))\">\(esc(DashboardFormat.time(iso)))</time>"
    }

    private static func esc(_ text: String) -> String { DashboardEscaping.html(text) }
}
