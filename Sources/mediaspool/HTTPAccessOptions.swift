import ArgumentParser
import Foundation
import HTTPView

extension HTTPAccessMode: ExpressibleByArgument {}

/// `--http-access`, `--http-token-file` and the capability secret: who may use the HTTP view.
/// They fill one ``HTTPAccessSettings``, which is what a configuration file would fill too.
struct HTTPAccessOptions: ParsableArguments {
    @Option(
        name: .customLong("http-access"),
        help: ArgumentHelp(
            "Who may use the HTTP view: open (loopback addresses only; the default there), token (a bearer token for every route "
                + "but /healthz) or capability (each job only under its own unguessable URL, /j/<id>/<key>/).",
            valueName: "mode"))
    var mode: HTTPAccessMode?

    @Option(
        name: .customLong("http-token-file"),
        help: ArgumentHelp(
            "A file holding the bearer token (else $\(HTTPAccessSettings.tokenVariable)). In capability mode it opens the listing "
                + "routes to operators.",
            valueName: "file"))
    var tokenFile: String?

    @OptionGroup var capabilitySecret: CapabilitySecretOptions

    var settings: HTTPAccessSettings {
        HTTPAccessSettings(mode: mode, tokenFile: tokenFile, capabilitySecretFile: capabilitySecret.file)
    }
}

/// `--http-capability-secret-file`: the secret capability keys are derived from, for the server
/// and for the commands that print a job's URL.
struct CapabilitySecretOptions: ParsableArguments {
    @Option(
        name: .customLong("http-capability-secret-file"),
        help: ArgumentHelp(
            "A file holding the secret capability URLs are derived from (else $\(HTTPAccessSettings.capabilitySecretVariable)).",
            valueName: "file"))
    var file: String?

    /// The keys, when a secret is configured by the option or the variable.
    func keys() throws -> CapabilityKeys? {
        do {
            return try HTTPAccessSettings(capabilitySecretFile: file).capabilityKeys(environment: ProcessInfo.processInfo.environment)
        } catch {
            throw FailureExit.message(error.description, code: 1)
        }
    }
}
