import Foundation

/// The durable queue of callbacks: `.callbacks/<deliveryId>.json` in the spool, one file per
/// delivery still to be made, and `.callbacks/failed/` for those given up (kept for the
/// operator). Every write is atomic and fsynced, so a delivery survives a crash of the daemon
/// at any point; a crash between a delivered try and the removal of its file means the
/// callback is sent again (at least once, never lost).
public struct CallbackOutbox: Sendable {
    public let layout: SpoolLayout

    public init(layout: SpoolLayout) { self.layout = layout }

    public var folder: String { layout.callbacks }
    var failedFolder: String { layout.callbacks + "/failed" }

    /// Created with the first delivery, so a spool that never uses callbacks never has it.
    public func prepare() throws(SpoolError) {
        try FileOps.ensureDirectory(folder, mode: 0o750)
        try FileOps.ensureDirectory(failedFolder, mode: 0o750)
    }

    private func path(_ deliveryId: String) -> String { folder + "/" + deliveryId + ".json" }

    /// Moves the marker of job `id` in `state` into the outbox, with the job's final
    /// `status.json` as the body; nil when the folder has no marker. The delivery file is
    /// durable before the marker goes, and a marker adopted twice (a crash in between) keeps
    /// its one delivery.
    public func adopt(_ id: String, in state: JobState) throws(SpoolError) -> CallbackDelivery? {
        try adopt(id, folder: layout.jobFolder(id, in: state), finishedIn: state)
    }

    /// The same for job `id`'s folder wherever it is now (a failed job moved into the inbox to
    /// be retried), `state` being where it finished.
    public func adopt(_ id: String, folder jobFolder: String, finishedIn state: JobState) throws(SpoolError) -> CallbackDelivery? {
        let markerPath = jobFolder + "/" + CallbackMarker.name
        guard FileOps.exists(markerPath) else { return nil }
        guard var marker = CallbackMarker.read(in: jobFolder), CallbackMarker.isCallbackURL(marker.url) else {
            try FileOps.remove(markerPath)
            return nil
        }
        // The marker comes from a job folder: never trust it to name a file.
        if !Self.isSafeID(marker.deliveryId) { marker.deliveryId = UUID().uuidString.lowercased() }
        let existing = read(path(marker.deliveryId))
        let delivery: CallbackDelivery
        if let existing {
            delivery = existing
        } else {
            let (body, _) = try FileOps.readRegularFile(jobFolder + "/" + StatusFile.name, maxBytes: 4 << 20)
            delivery = CallbackDelivery(marker: marker, jobId: id, state: state, body: body)
            try prepare()
            try save(delivery)
        }
        try FileOps.remove(markerPath)
        try FileOps.syncDirectory(jobFolder)
        return delivery
    }

    /// Every delivery waiting in the outbox. Unreadable files are named in `unreadable`.
    public func pending() -> (deliveries: [CallbackDelivery], unreadable: [String]) {
        var deliveries: [CallbackDelivery] = []
        var unreadable: [String] = []
        for name in (try? FileOps.list(folder)) ?? [] where name.hasSuffix(".json") && !name.hasPrefix(".") {
            if let delivery = read(folder + "/" + name), delivery.deliveryId + ".json" == name {
                deliveries.append(delivery)
            } else {
                unreadable.append(name)
            }
        }
        return (deliveries, unreadable)
    }

    public func save(_ delivery: CallbackDelivery) throws(SpoolError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try FileOps.writeAtomically(path(delivery.deliveryId), Array((try? encoder.encode(delivery)) ?? Data()) + [10])
    }

    /// Delivered: the file goes.
    public func remove(_ delivery: CallbackDelivery) throws(SpoolError) {
        try FileOps.remove(path(delivery.deliveryId))
        try FileOps.syncDirectory(folder)
    }

    /// Given up: the file, with its last state, moves to `failed/`.
    public func retire(_ delivery: CallbackDelivery) throws(SpoolError) {
        try save(delivery)
        try prepare()
        try? FileOps.remove(failedFolder + "/" + delivery.deliveryId + ".json")
        try FileOps.renameNoReplace(path(delivery.deliveryId), failedFolder + "/" + delivery.deliveryId + ".json")
        try FileOps.syncDirectory(folder)
        try FileOps.syncDirectory(failedFolder)
    }

    private func read(_ path: String) -> CallbackDelivery? {
        guard let (bytes, _) = try? FileOps.readRegularFile(path, maxBytes: 8 << 20) else { return nil }
        return try? JSONDecoder().decode(CallbackDelivery.self, from: Data(bytes))
    }

    static func isSafeID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x2d }
    }
}
