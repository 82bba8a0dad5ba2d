import Logging

/// A swift-log handler that writes each message to the journal as a native entry:
/// `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`, `CODE_FILE`/`CODE_LINE`/`CODE_FUNC`, and one
/// field per metadata key (`job.id` → `JOB_ID`), so `journalctl -u mediaspool JOB_ID=ep42`
/// finds a job's lines. A message the journal does not take (journald gone, a datagram too
/// large) is written to stderr in the plain format instead, which under systemd is the
/// journal's stream too.
public struct JournalLogHandler: LogHandler {
    public static let defaultSocketPath = "/run/systemd/journal/socket"

    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let identifier: String
    let socket: UnixDatagramSocket
    let fallback: StreamLogHandler

    public init(
        label: String, identifier: String = "mediaspool", socketPath: String = defaultSocketPath,
        metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider
    ) throws(SpoolError) {
        let socket = try UnixDatagramSocket(path: socketPath)
        socket.requestSendBuffer(8 << 20)
        self.init(label: label, identifier: identifier, socket: socket, metadataProvider: metadataProvider)
    }

    init(label: String, identifier: String, socket: UnixDatagramSocket, metadataProvider: Logger.MetadataProvider?) {
        self.identifier = identifier
        self.socket = socket
        self.metadataProvider = metadataProvider
        fallback = StreamLogHandler.standardError(label: label)
    }

    /// The same handler (and socket) for another logger label: one socket serves the process.
    public func labeled(_ label: String) -> JournalLogHandler {
        var copy = JournalLogHandler(label: label, identifier: identifier, socket: socket, metadataProvider: metadataProvider)
        copy.logLevel = logLevel
        copy.metadata = metadata
        return copy
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        let entry = Self.entry(
            level: event.level, message: event.message, metadata: merged, identifier: identifier, file: event.file,
            function: event.function, line: event.line)
        do {
            try socket.send(entry.encoded)
        } catch {
            var plain = event
            plain.metadata = merged
            fallback.log(event: plain)
        }
    }

    /// The entry for one message: the fixed fields first, then the metadata sorted by key.
    static func entry(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata, identifier: String, file: String, function: String,
        line: UInt
    ) -> JournalEntry {
        var entry = JournalEntry()
        entry.append("MESSAGE", message.description)
        entry.append("PRIORITY", String(JournalEntry.priority(of: level)))
        entry.append("SYSLOG_IDENTIFIER", identifier)
        entry.append("CODE_FILE", file)
        entry.append("CODE_LINE", String(line))
        entry.append("CODE_FUNC", function)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            guard let name = JournalEntry.fieldName(for: key) else { continue }
            entry.append(name, "\(value)")
        }
        return entry
    }
}
