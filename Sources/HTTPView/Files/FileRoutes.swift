import Hummingbird
import SpoolCore

/// The routes of `/files/{id}/{name}`, relative to where they are mounted:
///
/// ```swift
/// router.addRoutes(FileRoutes(layout: layout).routes, atPath: "/files")
/// ```
///
/// GET and HEAD go to ``FileResponder``. The other standard methods get 405 with
/// `Allow: GET, HEAD`; Hummingbird's router can only match methods it was given, so an unknown
/// extension method gets the router's own 404.
public struct FileRoutes<Context: RequestContext>: Sendable {
    public let responder: FileResponder

    static var path: RouterPath { "{id}/{name}" }
    static var refusedMethods: [HTTPRequest.Method] { [.post, .put, .delete, .patch, .options, .trace] }

    public init(layout: SpoolLayout, context: Context.Type = BasicRequestContext.self) {
        self.init(responder: FileResponder(layout: layout), context: context)
    }

    public init(responder: FileResponder, context: Context.Type = BasicRequestContext.self) {
        self.responder = responder
    }

    /// A new collection with the routes, ready for `addRoutes(_:atPath:)`.
    public var routes: RouteCollection<Context> {
        let responder = self.responder
        let routes = RouteCollection(context: Context.self)
        let serve: @Sendable (Request, Context) async throws -> Response = { request, context in
            // Both segments are present whenever the route matched.
            responder.respond(
                to: request, id: context.parameters[Substring("id")] ?? "", name: context.parameters[Substring("name")] ?? "",
                logger: context.logger)
        }
        routes.get(Self.path, use: serve)
        routes.head(Self.path, use: serve)
        for method in Self.refusedMethods {
            routes.on(Self.path, method: method) { _, _ in
                var response = FileResponder.error(.methodNotAllowed, "method not allowed")
                response.headers[.allow] = "GET, HEAD"
                return response
            }
        }
        return routes
    }
}
