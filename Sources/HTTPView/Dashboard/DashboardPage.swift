/// The page at `GET /`: one self-contained HTML document (inline CSS and JS carrying the CSP nonce, no other assets).
/// It is complete without its script — counts, filters, the table, players, errors, paging are plain HTML — and the
/// script only keeps it live from `/api/events` and `/api/jobs`.
public enum DashboardPage {
    /// The folders in the order a job moves through them (hold last: it is the exception).
    static let states = ["pending", "processing", "done", "failed", "hold"]

    public static func render(_ model: DashboardModel, nonce: String) -> String {
        let nonce = esc(nonce)
        var html = ""
        html.reserveCapacity(24_000 + model.jobs.count * 900)
        html += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<meta name=\"color-scheme\" content=\"light dark\">\n<link rel=\"icon\" href=\"data:,\">\n"
        html +=
            "<title>mediaspool</title>\n<style nonce=\"\(nonce)\">\(DashboardStyle.css)</style>\n</head>\n<body>\n<div class=\"wrap\">\n"
        html += header(model)
        html += "<main>\n"
        if model.jobBase == nil {
            html += counts(model)
            html += filters(model)
        }
        html += table(model)
        if model.jobBase == nil { html += pager(model) }
        html += "</main>\n</div>\n<script nonce=\"\(nonce)\">\(DashboardScript.js)</script>\n</body>\n</html>\n"
        return html
    }

    static func header(_ model: DashboardModel) -> String {
        """
        <header class="top">
        <h1><span class="logo" aria-hidden="true"></span>mediaspool</h1>
        <p class="meta"><span id="live" class="live" role="status" hidden></span>\
        <span class="gen">updated <time id="updated" datetime="\(esc(model.generatedAt))">\
        \(esc(DashboardFormat.time(model.generatedAt)))</time></span></p>
        </header>

        """
    }

    /// One link per state (and All) that filters by it, keeping the user filter; the numbers are a live region.
    static func counts(_ model: DashboardModel) -> String {
        var html = "<nav class=\"counts\" aria-label=\"Jobs by state\">\n<ul id=\"counts\" aria-live=\"polite\">\n"
        let total = states.reduce(0) { $0 + (model.counts[$1] ?? 0) }
        let entries: [(key: String, label: String, state: String?, count: Int)] =
            [("all", "All", nil, total)] + states.map { ($0, $0.prefix(1).uppercased() + $0.dropFirst(), $0, model.counts[$0] ?? 0) }
        for entry in entries {
            let href =
                "/" + DashboardEscaping.queryString([("state", entry.state), ("user", model.userFilter), ("batch", model.batchFilter)])
            let current = entry.state == model.stateFilter ? " aria-current=\"page\"" : ""
            html += "<li><a class=\"count k-\(entry.key)\" href=\"\(esc(href))\"\(current)><span class=\"label\">\(entry.label)</span>"
            html += "<span class=\"num\" data-count=\"\(entry.key)\">\(entry.count)</span></a></li>\n"
        }
        return html + "</ul>\n</nav>\n"
    }

    /// A plain GET form, so filtering works without the script; the script submits it on change.
    static func filters(_ model: DashboardModel) -> String {
        var html = "<form id=\"filters\" class=\"filters\" method=\"get\" action=\"/\" role=\"search\">\n"
        html += "<label>State <select name=\"state\">" + option("", "All states", selected: model.stateFilter == nil)
        for state in states {
            html += option(state, state.prefix(1).uppercased() + state.dropFirst(), selected: state == model.stateFilter)
        }
        html += "</select></label>\n"
        var users = model.users
        if let user = model.userFilter, !user.isEmpty, !users.contains(user) { users.insert(user, at: 0) }
        html += "<label>User <select name=\"user\">" + option("", "All users", selected: model.userFilter == nil)
        for user in users { html += option(user, user, selected: user == model.userFilter) }
        html += "</select></label>\n"
        if let batch = model.batchFilter {
            html +=
                "<input type=\"hidden\" name=\"batch\" value=\"\(esc(batch))\"><span class=\"batch-filter\">Batch <b>\(esc(batch))</b></span>\n"
        }
        html += "<button type=\"submit\">Apply</button>\n"
        if model.stateFilter != nil || model.userFilter != nil || model.batchFilter != nil {
            html += "<a class=\"clear\" href=\"/\">Clear filters</a>\n"
        }
        return html + "</form>\n"
    }

    static func table(_ model: DashboardModel) -> String {
        let base = model.jobBase.map { " data-base=\"\(esc($0))\"" } ?? ""
        var html =
            "<div class=\"tablewrap\">\n<table id=\"jobs\" class=\"jobs\"\(base)>\n<caption class=\"vh\">Jobs, newest first</caption>\n<thead><tr>"
        for column in ["Job", "Kind", "User", "State", "Progress", "Created", "Input"] { html += "<th scope=\"col\">\(column)</th>" }
        html += "</tr></thead>\n"
        if model.jobs.isEmpty {
            html += "<tbody class=\"empty\"><tr><td colspan=\"\(DashboardJobRow.columnCount)\">No jobs here.</td></tr></tbody>\n"
        }
        for job in model.jobs { html += DashboardJobRow.render(job) + "\n" }
        return html + "</table>\n</div>\n"
    }

    /// "Older jobs" keeps the filters; it is always in the page (hidden when there is nothing older) so the script can show it.
    static func pager(_ model: DashboardModel) -> String {
        guard let cursor = model.nextCursor else {
            return "<nav class=\"pager\" aria-label=\"Pages\"><a id=\"older\" hidden>Older jobs →</a></nav>\n"
        }
        let href =
            "/"
            + DashboardEscaping.queryString([
                ("cursor", cursor), ("state", model.stateFilter), ("user", model.userFilter), ("batch", model.batchFilter),
            ])
        return "<nav class=\"pager\" aria-label=\"Pages\"><a id=\"older\" href=\"\(esc(href))\">Older jobs →</a></nav>\n"
    }

    static func option(_ value: String, _ label: String, selected: Bool) -> String {
        "<option value=\"\(esc(value))\"\(selected ? " selected" : "")>\(esc(label))</option>"
    }

    private static func esc(_ text: String) -> String { DashboardEscaping.html(text) }
}
