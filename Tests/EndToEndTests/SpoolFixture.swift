import Foundation
import SpoolCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A temporary spool driven through the real `mediaspool` binary: `init`, a daemon started
/// and stopped (or killed) like an operator would, files dropped like clients drop them.
final class SpoolFixture: @unchecked Sendable {
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["MEDIASPOOL_BIN"] { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
        return root + "/.build/debug/mediaspool"
    }()

    let directory: String
    let layout: SpoolLayout
    private(set) var daemon: Process?
    private var daemonLogs = 0

    init(_ label: String = #function) throws {
        let safe = label.filter { $0.isLetter || $0.isNumber }
        directory = FileManager.default.temporaryDirectory.path + "/e2e-\(safe.prefix(24))-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        layout = SpoolLayout(root: directory + "/spool")
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the binary first (make test does): \(Self.binary)")
        let result = try Self.run(Self.binary, ["init", "--spool", layout.root])
        try #require(result.status == 0, "\(result.stderr)")
    }

    deinit {
        if let daemon, daemon.isRunning {
            kill(daemon.processIdentifier, SIGKILL)
            daemon.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: The daemon

    /// Starts `mediaspool run` with short settle and rescan times; its log goes to daemon-N.log.
    /// `environment` adds to (or replaces) the test's own variables. With `journal`, the log
    /// file stands in for the journal's stream as systemd would connect it (`$JOURNAL_STREAM`
    /// names it), so the daemon sends its entries to that socket instead. `launcher` runs the
    /// binary through another program (`setpriv …` to start it as another user).
    @discardableResult
    func startDaemon(
        _ extra: [String] = [], environment: [String: String] = [:], journal: String? = nil, launcher: [String] = []
    ) throws -> Process {
        daemonLogs += 1
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher.first ?? Self.binary)
        let prefix: [String] = launcher.isEmpty ? [] : Array(launcher.dropFirst()) + [Self.binary]
        process.arguments =
            prefix
            + ["run", "--spool", layout.root, "--workers", "2", "--settle-seconds", "3", "--rescan-seconds", "5", "--retry-seconds", "0.5"]
            + (extra.contains("--http") || extra.contains("--no-http") ? [] : ["--http", "127.0.0.1:0"]) + extra
        let log = directory + "/daemon-\(daemonLogs).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        var environment = environment
        if let journal {
            var info = stat()
            try #require(fstat(handle.fileDescriptor, &info) == 0)
            environment["JOURNAL_STREAM"] = "\(info.st_dev):\(info.st_ino)"
            environment["MEDIASPOOL_JOURNAL_SOCKET"] = journal
        }
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        try process.run()
        daemon = process
        return process
    }

    /// The log of the daemon started last.
    var currentDaemonLog: String {
        (try? String(contentsOfFile: directory + "/daemon-\(daemonLogs).log", encoding: .utf8)) ?? ""
    }

    /// `http://127.0.0.1:PORT` of the current daemon's HTTP view (started on a free port, on
    /// 127.0.0.1 or on every address, 0.0.0.0, which tests too reach through 127.0.0.1 only).
    func httpBase() async throws -> String {
        var base: String?
        try await waitFor("the HTTP view to listen") {
            guard let range = Self.listeningAddress(in: self.currentDaemonLog) else { return false }
            base = String(self.currentDaemonLog[range].dropFirst("address=".count)).replacingOccurrences(of: "0.0.0.0", with: "127.0.0.1")
            return true
        }
        return try #require(base)
    }

    static func listeningAddress(in log: String) -> Range<String.Index>? {
        log.range(of: #"address=http://(127\.0\.0\.1|0\.0\.0\.0):[0-9]+"#, options: .regularExpression)
    }

    /// The logs of every daemon started, in order.
    var daemonLog: String {
        (1...max(1, daemonLogs)).map { (try? String(contentsOfFile: directory + "/daemon-\($0).log", encoding: .utf8)) ?? "" }.joined()
    }

    /// SIGTERM, then waits for the exit; returns the exit status.
    func stopDaemon(timeout: Double = 30) async throws -> Int32 {
        let process = try #require(daemon)
        // Before this line its signal handlers are not installed yet: SIGTERM would simply kill it.
        try await waitFor("the daemon to be running") { self.currentDaemonLog.contains("scheduler started") }
        kill(process.processIdentifier, SIGTERM)
        try await waitFor("daemon to exit", timeout: timeout) { !process.isRunning }
        daemon = nil
        return process.terminationStatus
    }

    /// SIGKILL, as a crash or the OOM killer would.
    func killDaemon() async throws {
        let process = try #require(daemon)
        kill(process.processIdentifier, SIGKILL)
        try await waitFor("daemon to die", timeout: 10) { !process.isRunning }
        daemon = nil
    }

    // MARK: Looking at the spool

    func state(of id: String) -> JobState? { layout.locate(id) }

    func status(of id: String) -> JobStatus? {
        guard let state = layout.locate(id) else { return nil }
        return StatusFile.read(from: layout.jobFolder(id, in: state))
    }

    func folder(of id: String) -> String? {
        layout.locate(id).map { layout.jobFolder(id, in: $0) }
    }

    func names(in folder: String) -> [String] {
        ((try? FileOps.list(folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Waits until job `id` rests in `done/` or `failed/`.
    @discardableResult
    func waitForFinal(_ id: String, timeout: Double = 90) async throws -> JobStatus {
        try await waitFor("job \(id) to finish", timeout: timeout) {
            let state = self.state(of: id)
            return state == .done || state == .failed
        }
        return try #require(status(of: id))
    }

    func waitFor(_ what: String, timeout: Double = 60, _ condition: @escaping () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            if Date() > deadline {
                Issue.record("timed out after \(timeout) s waiting for \(what)\nspool: \(spoolListing())\nlog:\n\(daemonLog.suffix(3000))")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func spoolListing() -> String {
        (["inbox"] + JobState.allCases.map(\.folderName)).map { "\($0)=\(names(in: layout.root + "/" + $0))" }.joined(separator: " ")
    }

    // MARK: Clients

    /// Writes a job file the careful way: a hidden temporary name, then a rename into the inbox.
    func drop(_ name: String, _ text: String) throws {
        let temporary = layout.inbox + "/.\(name).tmp"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        try FileOps.renameNoReplace(temporary, layout.inbox + "/" + name)
    }

    func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// A sox-made tone in media/.
    func makeTone(_ name: String, seconds: Double, rate: Int = 44100, channels: Int = 2) throws {
        let result = try Self.run(
            "sox",
            ["-n", "-r", "\(rate)", "-c", "\(channels)", layout.media + "/" + name, "synth", "\(seconds)", "sine", "440", "vol", "0.5"])
        try #require(result.status == 0, "\(result.stderr)")
    }

    // MARK: Processes

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool.hasPrefix("/") ? tool : "/usr/bin/env")
        process.arguments = tool.hasPrefix("/") ? arguments : [tool] + arguments
        if let environment { process.environment = environment }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both pipes concurrently so neither can fill up and stall the child.
        let errorData = Mutex2<Data>(Data())
        let reader = Thread { errorData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData.get(), as: UTF8.self))
    }

    /// ``run(_:_:environment:)`` on a Dispatch thread, so a slow tool (OCR, a browser, an encoder)
    /// does not hold one of the few threads async tests share while it runs.
    static func runOffPool(_ tool: String, _ arguments: [String]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Swift.Result { try run(tool, arguments) }) }
        }
    }

    /// Where tests keep what a person may want to look at afterwards (screenshots): `test-artefacts/` of the package.
    static var artefactDirectory: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let folder = root + "/test-artefacts"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    func mediaspool(_ arguments: [String]) throws -> Result {
        try Self.run(Self.binary, arguments)
    }
}

/// A value behind a lock, for handing data across threads in tests.
final class Mutex2<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
}
