import ArgumentParser
import HTTPView

/// `--http HOST:PORT` and `--no-http`, for `run` and `serve`.
struct HTTPOptions: ParsableArguments {
    @Option(
        name: .customLong("http"),
        help: ArgumentHelp(
            "Where the read-only HTTP view listens (port 0: any free port, logged at start).", valueName: "host:port"))
    var address: String = "\(HTTPViewConfiguration.defaultHost):\(HTTPViewConfiguration.defaultPort)"

    @Option(help: "/healthz fails when more jobs than this are pending.")
    var healthMaxPending: Int = 10_000

    func validate() throws {
        guard HTTPViewConfiguration.parseAddress(address) != nil else {
            throw ValidationError("--http \(address): expected HOST:PORT, such as 127.0.0.1:8080 or [::1]:8080")
        }
        guard healthMaxPending >= 1 else { throw ValidationError("--health-max-pending must be at least 1") }
    }

    var configuration: HTTPViewConfiguration {
        let (host, port) = HTTPViewConfiguration.parseAddress(address)!
        return HTTPViewConfiguration(host: host, port: port, maxQueueDepth: healthMaxPending)
    }
}
