import Foundation

/// `.callback` in a job folder: the job names a `callbackUrl` and its final status is still to
/// be handed to the callback outbox (`.callbacks/`).
///
/// Whoever finishes a job (the supervisor, intake for a rejected drop, recovery, `cancel`)
/// writes the marker, fsynced, *before* the rename into `done/` or `failed/`, so the marker
/// becomes visible together with the final state: a crash can never leave a finished job
/// whose callback was forgotten. The daemon's delivery service then moves it into the outbox
/// (``CallbackMarker/Contents`` plus the final `status.json`) and removes it. A hidden name,
/// so it is never an output (output names never start with a dot) and never served.
public enum CallbackMarker {
    public static let name = ".callback"

    /// What the marker holds: where to deliver, and the id the delivery keeps for good (so a
    /// marker adopted twice after a crash is still one delivery).
    public struct Contents: Codable, Sendable, Equatable {
        public var url: String
        public var deliveryId: String
        public var armedAt: Timestamp

        public init(url: String, deliveryId: String = UUID().uuidString.lowercased(), armedAt: Timestamp = .now()) {
            self.url = url
            self.deliveryId = deliveryId
            self.armedAt = armedAt
        }
    }

    /// Writes the marker into `folder` when `url` is an http(s) URL; `sync: false` leaves the
    /// fsync to a later batch-wide one (intake).
    public static func arm(in folder: String, url: String?, sync: Bool = true) throws(SpoolError) {
        guard let url, isCallbackURL(url) else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = Array((try? encoder.encode(Contents(url: url))) ?? Data())
        if sync {
            try FileOps.writeAtomically(folder + "/" + name, bytes)
        } else {
            try FileOps.writeFile(folder + "/" + name, bytes, sync: false)
        }
    }

    /// Arms `folder` from the `callbackUrl` of its `job.json`, or of the dropped bytes
    /// (`source.json`) when there is no valid job (a rejected drop, a damaged folder).
    public static func armFromJob(in folder: String) throws(SpoolError) {
        try arm(in: folder, url: requestedURL(in: folder))
    }

    /// The `callbackUrl` that `job.json` (else `source.json`) in `folder` names, if any.
    public static func requestedURL(in folder: String) -> String? {
        for file in ["job.json", "source.json"] {
            guard let (bytes, _) = try? FileOps.readRegularFile(folder + "/" + file, maxBytes: JobValidator.maxFileBytes) else {
                continue
            }
            return requestedURL(inJob: bytes)
        }
        return nil
    }

    /// The `callbackUrl` of a job file's bytes, when they parse as an object that has one.
    public static func requestedURL(inJob bytes: [UInt8]) -> String? {
        requestedURL(inJob: try? JSONValue.parse(bytes))
    }

    public static func requestedURL(inJob value: JSONValue?) -> String? {
        guard case .string(let url)? = value?.objectValue?["callbackUrl"], isCallbackURL(url) else { return nil }
        return url
    }

    /// The marker in `folder`, if there is a readable one.
    public static func read(in folder: String) -> Contents? {
        guard let (bytes, _) = try? FileOps.readRegularFile(folder + "/" + name, maxBytes: 64 << 10) else { return nil }
        return try? JSONDecoder().decode(Contents.self, from: Data(bytes))
    }

    public static func isCallbackURL(_ url: String) -> Bool {
        let lowered = url.prefix(8).lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }
}
