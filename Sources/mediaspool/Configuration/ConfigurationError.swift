/// A configuration file or variable that cannot be used; the message names the file or the
/// variable, and the key.
struct ConfigurationError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }

    /// sysexits' EX_CONFIG: systemd's unit does not restart the daemon on it.
    static let exitCode: Int32 = 78
}
