import Logging
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// The `Service` that runs pending jobs: priority first, then users in turn, then arrival; at
/// most `workers` at once, at most the kind's limit per kind and `userMaxRunning` per user, and
/// only while the spool's disk keeps `minFreeBytes` free after the job's expected outputs. It learns of new jobs from the watcher, and
/// rescans `pending/` on a timer for jobs that arrived any other way (moved back by hand).
///
/// On graceful shutdown it starts nothing new, lets running jobs finish within the grace
/// period, then stops the rest (their jobs go back to `pending/` without spending an attempt).
public final class Scheduler: Service, Sendable {
    enum Event: Sendable {
        case accepted([QueuedJob])
        case finished(id: String, SupervisorResult)
        case tick
        case shutdown
    }

    let layout: SpoolLayout
    let validator: JobValidator
    let configuration: SchedulerConfiguration
    let logger: Logger
    let observer: any JobObserver
    let vitals: DaemonVitals?
    let pool: WorkerPool
    private let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation

    public init(
        layout: SpoolLayout, validator: JobValidator, configuration: SchedulerConfiguration, observer: any JobObserver = NoJobObserver(),
        vitals: DaemonVitals? = nil, logger: Logger
    ) {
        self.observer = observer
        self.vitals = vitals
        self.layout = layout
        self.validator = validator
        self.configuration = configuration
        self.logger = logger
        var arguments = ["work", "--serve", "--media-root", validator.roots.media]
        for root in validator.roots.allowed where root != validator.roots.media { arguments += ["--allow-root", root] }
        for host in validator.allowedHosts.patterns { arguments += ["--allow-host", host] }
        arguments += ["--memory-limit-mb", String(configuration.workerMemoryLimitMB), "--fetch-max-mb", String(configuration.fetchMaxMB)]
        arguments += ["--spool-root", layout.root]
        pool = WorkerPool(
            configuration: .init(
                executable: configuration.workerExecutable, arguments: arguments, maxUse: configuration.workerMaxUse,
                idleSeconds: configuration.workerIdleSeconds),
            logger: logger)
        (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .unbounded)
    }

    /// Hands newly accepted jobs to the scheduler (thread-safe; called by the watcher).
    public func enqueue(_ jobs: [QueuedJob]) {
        continuation.yield(.accepted(jobs))
    }

    public func run() async throws {
        let supervisor = JobSupervisor(
            layout: layout, validator: validator, configuration: configuration, pool: pool, observer: observer, vitals: vitals,
            logger: logger)
        var state = SchedulerState(layout: layout, validator: validator, observer: observer, logger: logger)
        state.rescan()
        // Job folders moved into pending/ (retried, released from hold/) are queued at the next tick.
        var arrivals = try? Inotify(watching: layout.folder(.pending))
        logger.info("scheduler started", metadata: ["workers": "\(configuration.workers)", "pending": "\(state.queue.count)"])
        let continuation = self.continuation
        await withDiscardingTaskGroup { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    continuation.yield(.tick)
                }
            }
            var graceDeadline: Double?
            var stopped = false
            var lastRescan = InboxWatcher.monotonicNow()
            await withGracefulShutdownHandler {
                var iterator = events.makeAsyncIterator()
                while true {
                    if graceDeadline == nil {
                        self.startJobs(&state, group: &group, supervisor: supervisor)
                    } else if state.running.isEmpty {
                        break
                    }
                    self.vitals?.schedulerLoad(busy: state.running.count, queued: state.queue.count)
                    self.configuration.load?.update(scheduled: state.jobsPerOwner)
                    guard let event = await iterator.next() else { break }
                    let now = Timestamp.now()
                    switch event {
                    case .accepted(let jobs):
                        self.configuration.load?.absorbed(jobs)
                        for job in jobs where state.running[job.id] == nil { state.queue.insert(job, now: now) }
                    case .finished(let id, let result):
                        state.running[id] = nil
                        if case .requeued(let job) = result { state.queue.insert(job, now: now) }
                    case .tick:
                        state.queue.promoteDue(now: now)
                        if graceDeadline == nil {
                            if let names = try? arrivals?.next(timeoutMilliseconds: 0) {
                                for name in names {
                                    switch name {
                                    // A folder created in place (cp -r) may be half there: the rescan finds it.
                                    case .file(let id), .folder(let id, renamedIn: true): state.discover(id)
                                    case .folder(_, renamedIn: false), .overflow, .watchLost: break
                                    }
                                }
                            }
                            self.startCancelled(&state, group: &group, supervisor: supervisor)
                        }
                        self.pool.retireIdle()
                        let monotonic = InboxWatcher.monotonicNow()
                        if graceDeadline == nil, monotonic - lastRescan >= self.configuration.rescanSeconds {
                            state.rescan()
                            lastRescan = monotonic
                        }
                        if let deadline = graceDeadline, monotonic >= deadline, !stopped {
                            self.logger.notice("grace period over; stopping running jobs", metadata: ["running": "\(state.running.count)"])
                            stopped = true
                            group.cancelAll()
                        }
                    case .shutdown:
                        guard graceDeadline == nil else { continue }
                        graceDeadline = InboxWatcher.monotonicNow() + self.configuration.graceSeconds
                        self.logger.notice(
                            "shutting down: no new jobs start; waiting for running ones",
                            metadata: ["running": "\(state.running.count)", "grace.seconds": "\(self.configuration.graceSeconds)"])
                    }
                }
            } onGracefulShutdown: {
                continuation.yield(.shutdown)
            }
            group.cancelAll()
        }
        pool.retireAll()
        vitals?.schedulerStopped()
        logger.info("scheduler stopped")
    }

    /// A queued job with `CANCEL` in its folder leaves the queue now, without waiting for a
    /// worker: its supervisor fails it as cancelled before claiming it.
    private func startCancelled(_ state: inout SchedulerState, group: inout DiscardingTaskGroup, supervisor: JobSupervisor) {
        state.ticks += 1
        // Checking costs one stat per queued job: every tick for a normal queue, less often for a huge one.
        guard state.queue.count <= 2000 || state.ticks % 10 == 0 else { return }
        for id in state.queue.ids where JobFolder.isCancelRequested(layout.jobFolder(id, in: .pending)) {
            guard let job = state.queue.remove(id) else { continue }
            state.running[id] = job
            let continuation = self.continuation
            group.addTask {
                let result = await supervisor.run(job)
                continuation.yield(.finished(id: job.id, result))
            }
        }
    }

    private func startJobs(_ state: inout SchedulerState, group: inout DiscardingTaskGroup, supervisor: JobSupervisor) {
        while state.running.count < configuration.workers {
            let running = state.runningPerKind
            let owners = state.runningPerOwner
            let limits = configuration.kindLimits
            let perOwner = configuration.userMaxRunning > 0 ? configuration.userMaxRunning : Int.max
            guard
                let job = state.queue.popNext(allowed: { kind, owner in
                    running[kind, default: 0] < (limits[kind] ?? Int.max) && owners[owner, default: 0] < perOwner
                })
            else { return }
            guard
                state.space.allows(job, layout: layout, validator: validator, configuration: configuration, vitals: vitals, logger: logger)
            else {
                state.queue.insert(job, now: .now())
                return
            }
            state.running[job.id] = job
            let continuation = self.continuation
            group.addTask {
                let result = await supervisor.run(job)
                continuation.yield(.finished(id: job.id, result))
            }
        }
    }
}

/// The scheduler's bookkeeping: the queue and the jobs running now.
struct SchedulerState {
    let layout: SpoolLayout
    let validator: JobValidator
    let observer: any JobObserver
    let logger: Logger
    var queue = JobQueue()
    var running: [String: QueuedJob] = [:]
    var ticks = 0
    var space = SpaceGate()

    init(layout: SpoolLayout, validator: JobValidator, observer: any JobObserver, logger: Logger) {
        self.layout = layout
        self.validator = validator
        self.observer = observer
        self.logger = logger
    }

    var runningPerKind: [JobKind: Int] {
        running.values.reduce(into: [:]) { $0[$1.kind, default: 0] += 1 }
    }

    var runningPerOwner: [String: Int] {
        running.values.reduce(into: [:]) { $0[$1.owner, default: 0] += 1 }
    }

    /// Waiting and running jobs per owner, for the per-user quota.
    var jobsPerOwner: [String: Int] {
        running.values.reduce(into: queue.perUser) { $0[$1.owner, default: 0] += 1 }
    }

    /// Queues every job folder in `pending/` that is neither queued nor running.
    mutating func rescan() {
        let names: [String]
        do {
            names = try FileOps.list(layout.folder(.pending))
        } catch {
            logger.error("cannot scan pending/", metadata: ["error": "\(error)"])
            return
        }
        for id in names { discover(id) }
    }

    /// Queues job folder `pending/<id>` unless it is queued or running already.
    mutating func discover(_ id: String) {
        guard !id.hasPrefix("."), running[id] == nil, !queue.contains(id) else { return }
        let now = Timestamp.now()
        let folder = layout.jobFolder(id, in: .pending)
        if let status = StatusFile.read(from: folder), status.jobId == id, let job = QueuedJob(status: status) {
            queue.insert(job, now: now)
            observer.record(JobChange(id: id, event: .changed, state: .pending, status: status))
        } else if let job = try? JobFolder.readJob(in: folder, validator: validator).get() {
            // No usable status (written by hand?): order it by its job file, as if it arrived now.
            queue.insert(QueuedJob(id: id, kind: job.kind, priority: job.priority, createdAt: now, userId: job.userId), now: now)
        } else if FileOps.exists(folder) {
            logger.warning("pending job without a readable job.json or status.json", metadata: ["job.id": "\(id)"])
            queue.insert(QueuedJob(id: id, kind: .mp3, priority: 0, createdAt: now), now: now)
        }
    }
}
