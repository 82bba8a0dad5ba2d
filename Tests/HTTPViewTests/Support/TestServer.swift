import HTTPView
import Hummingbird
import Logging
import NIOCore
import SpoolCore

/// A real Hummingbird application with the file routes, listening on 127.0.0.1 on a port the
/// kernel picks, for the duration of `body`.
enum TestServer {
    static func withFileRoutes<T: Sendable>(
        _ layout: SpoolLayout, chunkSize: Int = 256 * 1024, _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        let router = Router()
        router.addRoutes(FileRoutes(responder: FileResponder(layout: layout, chunkSize: chunkSize)).routes, atPath: "/files")
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "httpview-tests")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                group.cancelAll()
                throw RawConnection.Failure(description: "the server did not start")
            }
            do {
                let result = try await body(port)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }
}
