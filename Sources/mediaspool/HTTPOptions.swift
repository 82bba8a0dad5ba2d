import ArgumentParser
import Foundation
import HTTPView
import Logging

/// `--http HOST:PORT` and the access options, for `run` and `serve`.
struct HTTPOptions: ParsableArguments {
    @Option(
        name: .customLong("http"),
        help: ArgumentHelp(
            "Where the read-only HTTP view listens (port 0: any free port, logged at start).", valueName: "host:port"))
    var address: String = "\(HTTPViewConfiguration.defaultHost):\(HTTPViewConfiguration.defaultPort)"

    @OptionGroup var access: HTTPAccessOptions

    @Option(help: "/healthz fails when more jobs than this are pending.")
    var healthMaxPending: Int = 10_000

    func validate() throws {
        guard HTTPViewConfiguration.parseAddress(address) != nil else {
            throw ValidationError("--http \(address): expected HOST:PORT, such as 127.0.0.1:8080 or [::1]:8080")
        }
        guard healthMaxPending >= 1 else { throw ValidationError("--health-max-pending must be at least 1") }
    }

    /// Refuses an access mode that does not suit the address (open beyond loopback) or lacks its
    /// secret; called by the commands that serve (not by `run --no-http`).
    func validateAccess() throws {
        guard let (host, _) = HTTPViewConfiguration.parseAddress(address) else { return }
        if let problem = access.settings.problem(host: host, environment: ProcessInfo.processInfo.environment) {
            throw ValidationError(problem)
        }
    }

    /// Why the access mode's secrets cannot be read, when they cannot (what would stop the view at start).
    func secretProblem() -> String? {
        guard let (host, _) = HTTPViewConfiguration.parseAddress(address) else { return nil }
        do {
            _ = try access.settings.resolve(host: host, environment: ProcessInfo.processInfo.environment)
            return nil
        } catch {
            return error.description
        }
    }

    /// The view's configuration with its secrets read; exits 1 when one cannot be.
    func configuration(logger: Logger) throws -> HTTPViewConfiguration {
        let (host, port) = HTTPViewConfiguration.parseAddress(address)!
        let resolved: HTTPAccess
        do {
            resolved = try access.settings.resolve(host: host, environment: ProcessInfo.processInfo.environment)
        } catch {
            logger.critical("\(error.description)")
            throw ExitCode(1)
        }
        for note in resolved.notes { logger.warning("\(note)") }
        return HTTPViewConfiguration(host: host, port: port, maxQueueDepth: healthMaxPending, access: resolved)
    }
}
