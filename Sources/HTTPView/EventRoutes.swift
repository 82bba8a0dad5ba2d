import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import ServiceLifecycle

/// `GET /api/events`: server-sent events, one per ledger event (transitions and progress),
/// read from the ledger so that `run` and `serve` stream the same thing. A client that
/// reconnects with `Last-Event-ID` (EventSource does) gets everything after it that the ledger
/// still holds; a new client starts from now, or from `?after=SEQ`.
struct EventRoutes: Sendable {
    let source: any LedgerSource
    /// Seconds between two looks at the ledger.
    var pollInterval = 0.25
    /// Seconds between keep-alive comments, so proxies and idle timers see traffic.
    var keepAliveInterval = 15.0

    func add(to router: Router<BasicRequestContext>) {
        router.get("/api/events") { request, _ in stream(request) }
    }

    /// The stream; `job` (a capability URL's job) overrides the `?job=` filter. `?after=` must be
    /// an event's seq (a whole number from 0), else 400; `Last-Event-ID`, which EventSource sends
    /// back as it got it, is used when it is such a number and otherwise ignored.
    func stream(_ request: Request, job: String? = nil) -> Response {
        let query = QueryParameters(request.uri.query)
        var after: Int64?
        if let given = query.given("after") {
            guard let seq = Int64(given), seq >= 0 else {
                return QueryProblem(
                    parameter: "after", message: "after must be an event's seq, a whole number from 0, got \(JSONResponse.quote(given))"
                ).response
            }
            after = seq
        }
        let resumeFrom = request.headers[.lastEventID].flatMap { Int64($0) } ?? after
        let jobFilter = job ?? query["job"]
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.accelBuffering] = "no"
        let source = self.source
        let pollInterval = self.pollInterval
        let keepAliveInterval = self.keepAliveInterval
        let body = ResponseBody { writer in
            var last = resumeFrom
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            var quiet = 0.0
            // A server shutting down waits for open responses: the stream must end on its own.
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                if let ledger = source.ledger {
                    if last == nil { last = (try? ledger.lastEventSeq()) ?? 0 }
                    let events = (try? ledger.events(after: last!)) ?? []
                    if !events.isEmpty {
                        var text = ""
                        for event in events {
                            last = event.seq
                            if let jobFilter, event.jobId != jobFilter { continue }
                            text += Self.message(event)
                        }
                        if !text.isEmpty {
                            try await writer.write(ByteBuffer(string: text))
                            quiet = 0
                        }
                        if events.count >= 500 { continue }  // more are waiting
                    }
                }
                try await Task.sleep(for: .seconds(pollInterval))
                quiet += pollInterval
                if quiet >= keepAliveInterval {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    quiet = 0
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    static func message(_ event: LedgerEvent) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(event)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "id: \(event.seq)\nevent: job\ndata: \(data)\n\n"
    }
}
