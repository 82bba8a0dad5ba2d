import Logging
import SpoolCore

/// Makes the ledger agree with the folders, which are the truth. Every pass lists the state
/// folders and reads the `status.json` of the jobs whose folder the ledger has wrong; how many
/// others it reads is its `Depth`. Jobs whose folder is gone are marked removed; their history
/// stays.
public struct Reindexer: Sendable {
    public let layout: SpoolLayout
    public let validator: JobValidator
    public let logger: Logger

    public struct Tally: Sendable, Equatable {
        public var scanned = 0
        public var updated = 0
        public var removed = 0
        public var unreadable = 0
    }

    /// Which job folders a pass reads besides those the ledger places in the wrong state.
    public enum Depth: Int, Comparable, Sendable {
        /// None: catches moves made by hand or by other commands (the daemon's periodic pass;
        /// it records its own changes as it makes them).
        case moves
        /// Also every job not yet finished, whose status may have changed in the last moments
        /// before a crash (at every daemon start).
        case unfinished
        /// Every job (`mediaspool reindex`, or a ledger rebuilt after it was lost).
        case full

        public static func < (lhs: Depth, rhs: Depth) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public init(layout: SpoolLayout, validator: JobValidator, logger: Logger) {
        self.layout = layout
        self.validator = validator
        self.logger = logger
    }

    /// `recordEvents: false` fills a new ledger without a `changed` event per job.
    @discardableResult
    public func run(into ledger: Ledger, depth: Depth, recordEvents: Bool = true) throws -> Tally {
        var tally = Tally()
        let known = try ledger.states()
        var seen = Set<String>()
        var batch: [JobChange] = []
        func flush() throws {
            try ledger.apply(batch, recordEvents: recordEvents)
            batch.removeAll(keepingCapacity: true)
        }
        for state in JobState.allCases {
            let names: [String]
            do {
                names = try FileOps.list(layout.folder(state))
            } catch {
                logger.error("cannot list a state folder; its jobs keep their ledger rows", metadata: ["folder": "\(state.folderName)"])
                for (id, knownState) in known where knownState == state.rawValue { seen.insert(id) }
                continue
            }
            for id in names where !id.hasPrefix(".") {
                seen.insert(id)
                tally.scanned += 1
                let finished = state == .done || state == .failed
                let moved = known[id] != state.rawValue
                guard moved || depth == .full || (depth == .unfinished && !finished) else { continue }
                let folder = layout.jobFolder(id, in: state)
                guard let status = StatusFile.read(from: folder) else {
                    tally.unreadable += 1
                    continue
                }
                let optionsKey = try? JobFolder.readJob(in: folder, validator: validator).get().optionsKey
                batch.append(JobChange(id: id, event: .changed, state: state, status: status, optionsKey: optionsKey))
                tally.updated += 1
                if batch.count >= 1000 { try flush() }
            }
        }
        for (id, state) in known where state != JobRow.removedState && !seen.contains(id) {
            // A job folder moved into inbox/ to be retried is on its way back, not gone.
            if (try? FileOps.info(layout.inbox + "/" + id))??.kind == .directory { continue }
            batch.append(JobChange(id: id, event: .removed, state: nil, status: nil))
            tally.removed += 1
            if batch.count >= 1000 { try flush() }
        }
        try flush()
        return tally
    }
}
