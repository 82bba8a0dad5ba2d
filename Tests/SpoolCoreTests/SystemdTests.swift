import Foundation
import Logging
import Testing

@testable import SpoolCore

#if canImport(Glibc)
    import Glibc
#endif

/// The hand-written systemd protocols: sd_notify datagrams, the watchdog's tie to the
/// daemon's loops, and the journal's native entries.
@Suite("systemd protocols")
struct SystemdTests {
    // MARK: Journal entries

    @Test func journalEntryEncodesPlainAndMultiLineValues() throws {
        var entry = JournalEntry()
        entry.append("MESSAGE", "job started")
        entry.append("ERROR", "line one\nline two")
        let expected =
            Array("MESSAGE=job started\nERROR\n".utf8) + [17, 0, 0, 0, 0, 0, 0, 0] + Array("line one\nline two\n".utf8)
        #expect(entry.encoded == expected)
        let fields = try #require(JournalFields.parse(entry.encoded))
        #expect(fields.map(\.name) == ["MESSAGE", "ERROR"])
        #expect(fields.map(\.value) == ["job started", "line one\nline two"])
    }

    @Test func metadataKeysBecomeJournalFieldNames() {
        #expect(JournalEntry.fieldName(for: "job.id") == "JOB_ID")
        #expect(JournalEntry.fieldName(for: "job.kind") == "JOB_KIND")
        #expect(JournalEntry.fieldName(for: "retry.seconds") == "RETRY_SECONDS")
        #expect(JournalEntry.fieldName(for: "hb.request-id") == "HB_REQUEST_ID")
        // Leading underscores are journald's own fields; a digit cannot start a name.
        #expect(JournalEntry.fieldName(for: "_pid") == "PID")
        #expect(JournalEntry.fieldName(for: "2fa") == "M2FA")
        #expect(JournalEntry.fieldName(for: "..") == nil)
        #expect(JournalEntry.fieldName(for: String(repeating: "a", count: 100))?.count == 64)
    }

    @Test func levelsMapToSyslogPriorities() {
        let levels: [Logger.Level] = [.trace, .debug, .info, .notice, .warning, .error, .critical]
        #expect(levels.map(JournalEntry.priority(of:)) == [7, 7, 6, 5, 4, 3, 2])
    }

    @Test func journalHandlerDeliversNativeEntries() async throws {
        let journal = try DatagramCollector(address: DatagramCollector.temporaryPath("journal"))
        defer { journal.stop() }
        var handler = try JournalLogHandler(label: "test", socketPath: journal.address)
        handler[metadataKey: "component"] = "scheduler"
        let logger = Logger(label: "test", factory: { _ in handler })
        logger.warning(
            "job attempt failed; will retry",
            metadata: ["job.id": "ep42", "job.kind": "mp3", "error": "decoder said:\nInvalid data found"])
        logger.debug("below the level: not sent")
        try await waitFor { !journal.datagrams.isEmpty }
        let fields = try #require(JournalFields.dictionary(journal.datagrams[0]))
        #expect(fields["MESSAGE"] == "job attempt failed; will retry")
        #expect(fields["PRIORITY"] == "4")
        #expect(fields["SYSLOG_IDENTIFIER"] == "mediaspool")
        #expect(fields["JOB_ID"] == "ep42")
        #expect(fields["JOB_KIND"] == "mp3")
        #expect(fields["COMPONENT"] == "scheduler")
        #expect(fields["ERROR"] == "decoder said:\nInvalid data found")
        #expect(fields["CODE_FILE"]?.hasSuffix("SystemdTests.swift") == true)
        try await Task.sleep(for: .milliseconds(200))
        #expect(journal.datagrams.count == 1)
    }

    @Test func journalStreamMustBeStandardError() throws {
        var info = stat()
        #expect(fstat(STDERR_FILENO, &info) == 0)
        #expect(JournalStream.isStandardError(environment: ["JOURNAL_STREAM": "\(info.st_dev):\(info.st_ino)"]))
        #expect(!JournalStream.isStandardError(environment: ["JOURNAL_STREAM": "\(info.st_dev):\(info.st_ino + 1)"]))
        #expect(!JournalStream.isStandardError(environment: ["JOURNAL_STREAM": "garbage"]))
        #expect(!JournalStream.isStandardError(environment: [:]))
    }

    // MARK: sd_notify

    @Test func notifierIsANoOpWithoutNotifySocket() {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isEnabled)
        #expect(!notifier.notify("READY=1"))
        #expect(notifier.watchdogTimeout == nil)
    }

    @Test func notifierReachesAnAbstractSocket() async throws {
        let manager = try DatagramCollector(address: "@mediaspool-test-\(UUID().uuidString.prefix(8))")
        defer { manager.stop() }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": manager.address, "WATCHDOG_USEC": "3000000"])
        #expect(notifier.watchdogTimeout == 3)
        #expect(notifier.notify("READY=1", "STATUS=ready"))
        notifier.notifyStopping()
        notifier.notifyStopping()
        try await waitFor { manager.messages.count >= 2 }
        #expect(manager.messages == ["READY=1\nSTATUS=ready", "STOPPING=1"])
        #expect(notifier.isStopping)
    }

    @Test func watchdogOfAnotherProcessIsIgnored() {
        let notifier = SystemdNotifier(environment: ["WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "\(getpid() + 1)"])
        #expect(notifier.watchdogTimeout == nil)
        let ours = SystemdNotifier(environment: ["WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "\(getpid())"])
        #expect(ours.watchdogTimeout == 1)
    }

    /// READY=1 waits for both loops, and the watchdog is petted only while they beat: a
    /// daemon whose loops are wedged lets systemd's watchdog fire.
    @Test func watchdogFollowsTheLoopsHeartbeat() async throws {
        let manager = try DatagramCollector(address: DatagramCollector.temporaryPath("notify"))
        defer { manager.stop() }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": manager.address, "WATCHDOG_USEC": "200000"])
        let vitals = DaemonVitals(workers: 2)
        let reporter = SystemdReporter(notifier: notifier, vitals: vitals, silenceLimit: 0.5, logger: Logger(label: "test"))
        let task = Task { try await reporter.run() }
        defer { task.cancel() }

        try await Task.sleep(for: .milliseconds(600))
        #expect(manager.messages.isEmpty, "nothing before the loops run: \(manager.messages)")

        // Both loops beat for a while: READY=1 with the status, then pets.
        let beating = Task {
            while !Task.isCancelled {
                vitals.watcherAlive(polling: false)
                vitals.schedulerLoad(busy: 1, queued: 3)
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        try await waitFor { manager.messages.filter { $0 == "WATCHDOG=1" }.count >= 3 }
        #expect(manager.messages.first == "READY=1\nSTATUS=3 pending, 1 processing, 1/2 workers busy")

        // The loops stop (wedged): once they have been silent past the limit, no more pets.
        beating.cancel()
        try await Task.sleep(for: .milliseconds(1500))
        let before = manager.messages.count
        try await Task.sleep(for: .milliseconds(1000))
        #expect(!manager.messages.dropFirst(before).contains("WATCHDOG=1"))
    }

    private func waitFor(timeout: Double = 10, _ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            try #require(Date() < deadline, "timed out")
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
