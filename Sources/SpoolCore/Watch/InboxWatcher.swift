import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The `Service` that watches `inbox/` and feeds the intake.
///
/// It runs on a thread of its own, because intake is blocking file I/O (reads, renames,
/// fsyncs) that must not occupy the two threads of the cooperative pool. inotify says which
/// names to look at; a scan at start, after an overflow and on a slow timer makes sure no
/// file is ever missed. Accepted jobs go to `onAccepted` (the scheduler).
public final class InboxWatcher: Service, Sendable {
    let layout: SpoolLayout
    let validator: JobValidator
    let configuration: WatcherConfiguration
    let logger: Logger
    let observer: any JobObserver
    let vitals: DaemonVitals?
    let onAccepted: @Sendable ([QueuedJob]) -> Void
    private let stopping = Atomic<Bool>(false)

    public init(
        layout: SpoolLayout, validator: JobValidator, configuration: WatcherConfiguration, observer: any JobObserver = NoJobObserver(),
        vitals: DaemonVitals? = nil, logger: Logger, onAccepted: @escaping @Sendable ([QueuedJob]) -> Void
    ) {
        self.observer = observer
        self.vitals = vitals
        self.layout = layout
        self.validator = validator
        self.configuration = configuration
        self.logger = logger
        self.onAccepted = onAccepted
    }

    public func run() async throws {
        await withTaskCancellationOrGracefulShutdownHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                let thread = Thread { [self] in
                    self.loop()
                    self.vitals?.watcherStopped()
                    done.resume()
                }
                thread.name = "mediaspool-intake"
                thread.start()
            }
        } onCancelOrGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
        }
        logger.info("intake stopped")
    }

    private func loop() {
        var intake = Intake(layout: layout, validator: validator, configuration: configuration.intake, observer: observer, logger: logger)
        var watch: Inotify? = nil
        let remote = configuration.poll ? nil : FileSystemKind.remoteName(of: layout.inbox)
        if let remote {
            logger.notice(
                "inbox is on \(remote): inotify does not see other hosts' changes there, so the watcher polls",
                metadata: ["poll.seconds": "\(configuration.pollSeconds)"])
        }
        let wantsInotify = !configuration.poll && remote == nil
        if wantsInotify {
            do {
                watch = try Inotify(watching: layout.inbox)
            } catch {
                logger.error(
                    "inotify unavailable; polling the inbox until it can be watched again",
                    metadata: ["error": "\(error)", "poll.seconds": "\(configuration.pollSeconds)"])
            }
        }
        // Without inotify (by choice, on a network file system, or lost) the scans are the only eyes.
        var scanInterval: Double { watch == nil ? configuration.pollSeconds : configuration.rescanSeconds }
        logger.info(
            "watching the inbox",
            metadata: ["inbox": "\(layout.inbox)", "mode": "\(watch == nil ? "poll" : "inotify")", "rescan.seconds": "\(scanInterval)"])
        var queue = OrderedNames()
        var nextScan = 0.0
        var pauseUntil = 0.0
        while !stopping.load(ordering: .relaxed) {
            let now = Self.monotonicNow()
            vitals?.watcherAlive(polling: watch == nil)
            if now >= nextScan {
                if wantsInotify && watch == nil, let again = try? Inotify(watching: layout.inbox) {
                    watch = consume again
                    logger.notice("watching the inbox with inotify again")
                }
                queue.append(contentsOf: scan(skipping: intake.settle))
                nextScan = now + scanInterval
            }
            queue.append(contentsOf: intake.settle.due(now: now))
            if !queue.isEmpty && now >= pauseUntil {
                let batch = queue.removeFirst(configuration.intake.batchSize)
                let accepted = intake.process(batch, now: now)
                if !accepted.isEmpty { onAccepted(accepted) }
                if intake.hadErrors {
                    // A failing disk must not turn every retry into a hot loop.
                    pauseUntil = now + 2
                    logger.warning("intake paused after errors", metadata: ["seconds": "2"])
                }
            }
            // Read the events waiting between batches too, so a burst cannot overflow the
            // kernel's queue (16,384 events); block only when there is nothing else to do.
            var wait = min(nextScan, intake.settle.nextDeadline ?? nextScan) - now
            if !queue.isEmpty { wait = min(wait, pauseUntil - now) }
            let milliseconds = Int32(max(0, min(wait, 0.25)) * 1000)
            guard watch != nil else {
                if milliseconds > 0 { usleep(UInt32(milliseconds) * 1000) }
                continue
            }
            do {
                for event in try watch!.next(timeoutMilliseconds: milliseconds) {
                    switch event {
                    case .file(let name):
                        queue.append(name)
                        // Not UTF-8 (read as U+FFFD): only a scan can rename it to a name intake can open.
                        if name.unicodeScalars.contains("\u{FFFD}") { nextScan = 0 }
                    case .folder(let name, let renamedIn):
                        if renamedIn { intake.renamedIn.insert(name) }
                        queue.append(name)
                    case .overflow:
                        logger.warning("inotify queue overflowed; rescanning the inbox")
                        nextScan = 0
                    case .watchLost:
                        logger.error("the inbox folder was removed or moved; polling until it is back (`mediaspool init` recreates it)")
                        watch = nil
                        nextScan = 0
                    }
                }
            } catch {
                logger.error("inotify failed; polling until it can be watched again", metadata: ["error": "\(error)"])
                watch = nil
                nextScan = 0
            }
        }
    }

    /// Every candidate name in the inbox, oldest first, except those waiting out their settle time.
    private func scan(skipping settle: SettleTracker) -> [String] {
        returnStrandedDrops()
        for (from, to) in UndecodableNames.rename(in: layout.inbox) {
            logger.warning("renamed a drop whose name is not UTF-8", metadata: ["file": "\(from)", "renamed": "\(to)"])
        }
        do {
            let names = try FileOps.list(layout.inbox).filter { name in
                !settle.isWaiting(name)
                    && (InboxName.isCandidate(name)
                        || (InboxName.mayBeJobFolder(name) && (try? FileOps.info(layout.inbox + "/" + name))??.kind == .directory))
            }
            // Arrival order: by modification time, then name.
            let dated = names.map { name in (name, (try? FileOps.info(layout.inbox + "/" + name))??.modifiedNanoseconds ?? 0) }
            return dated.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.map(\.0)
        } catch {
            logger.error("cannot scan the inbox", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// Intake leaves nothing in `.staging/` between batches, unless a batch could neither be
    /// published nor returned to the inbox: the inbox was renamed away or deleted in between (its
    /// fsync and the renames back fail with ENOENT). Those drops go back as soon as there is an
    /// inbox again, not only at the next start.
    private func returnStrandedDrops() {
        guard FileOps.exists(layout.inbox), let stranded = try? FileOps.list(layout.staging), !stranded.isEmpty else { return }
        let recovery = SpoolRecovery(layout: layout, logger: logger)
        for entry in stranded {
            recovery.restoreStagingFolder(layout.staging + "/" + entry, fallbackName: "recovered-\(entry).json")
        }
    }

    /// Seconds on CLOCK_MONOTONIC: for intervals, immune to clock changes.
    public static func monotonicNow() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// A FIFO of names without duplicates: a file reported by several events is handled once.
struct OrderedNames {
    private var names: [String] = []
    private var head = 0
    private var members = Set<String>()

    var isEmpty: Bool { head == names.count }

    mutating func append(_ name: String) {
        if members.insert(name).inserted { names.append(name) }
    }

    mutating func append(contentsOf more: [String]) {
        for name in more { append(name) }
    }

    mutating func removeFirst(_ count: Int) -> [String] {
        let end = min(names.count, head + count)
        let batch = Array(names[head..<end])
        head = end
        for name in batch { members.remove(name) }
        if head == names.count {
            names.removeAll(keepingCapacity: true)
            head = 0
        }
        return batch
    }
}
