import ArgumentParser
import Foundation
import SpoolCore

/// `--spool DIR` (and `--config FILE`), shared by every command that works on a spool.
struct SpoolOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The spool folder.", valueName: "dir"))
    var spool: String = "spool"

    @OptionGroup var configFile: ConfigFileOption

    @Option(
        name: .customLong("allow-root"),
        help: ArgumentHelp("Another folder absolute input paths may come from (repeatable).", valueName: "dir"))
    var allowRoots: [String] = []

    @Option(
        name: .customLong("allow-host"),
        help: ArgumentHelp(
            "A host http(s):// inputs may name: example.com, or *.example.com for its subdomains (repeatable; default: none, URL inputs are refused).",
            valueName: "host"))
    var allowHosts: [String] = []

    func validate() throws {
        for host in allowHosts {
            if let problem = HostAllowList.problem(with: host) { throw ValidationError("--allow-host: \(problem)") }
        }
    }

    var allowedHosts: HostAllowList { HostAllowList(allowHosts) }

    var layout: SpoolLayout {
        SpoolLayout(root: Self.absolute(spool))
    }

    var extraRoots: [String] { allowRoots.map(Self.absolute) }

    var validator: JobValidator {
        JobValidator(roots: InputRoots(media: layout.media, extra: extraRoots), allowedHosts: allowedHosts)
    }

    static func absolute(_ path: String) -> String {
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
        return url.standardizedFileURL.path
    }
}
