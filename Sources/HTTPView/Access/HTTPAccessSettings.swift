import Foundation

/// How the HTTP view is protected, as an operator configures it: the mode and where its
/// secrets come from. Kept apart from the command line so that a configuration file can map
/// onto it one key per field; ``resolve(host:environment:)`` reads the secrets.
public struct HTTPAccessSettings: Codable, Sendable, Equatable {
    /// nil: `open`, which only loopback addresses allow.
    public var mode: HTTPAccessMode?
    /// A file holding the bearer token (else ``tokenVariable``).
    public var tokenFile: String?
    /// A file holding the secret that capability keys are derived from (else ``capabilitySecretVariable``).
    public var capabilitySecretFile: String?

    /// Environment variables that hold the secrets themselves, for units that pass them so.
    public static let tokenVariable = "MEDIASPOOL_HTTP_TOKEN"
    public static let capabilitySecretVariable = "MEDIASPOOL_HTTP_CAPABILITY_SECRET"

    public init(mode: HTTPAccessMode? = nil, tokenFile: String? = nil, capabilitySecretFile: String? = nil) {
        self.mode = mode
        self.tokenFile = tokenFile
        self.capabilitySecretFile = capabilitySecretFile
    }

    /// What is wrong with these settings for a server on `host`, without reading any secret;
    /// nil when nothing is. The message names the flag to change.
    public func problem(host: String, environment: [String: String]) -> String? {
        let mode = self.mode ?? .open
        switch mode {
        case .open:
            if !LoopbackAddress.contains(host) {
                return "--http \(host) listens beyond loopback: choose --http-access token (with --http-token-file FILE or "
                    + "$\(Self.tokenVariable)) or --http-access capability (with --http-capability-secret-file FILE or "
                    + "$\(Self.capabilitySecretVariable)); --http-access open is for 127.0.0.0/8, ::1 and localhost only"
            }
            if tokenFile != nil || capabilitySecretFile != nil {
                return "--http-token-file and --http-capability-secret-file need --http-access token or capability"
            }
        case .token:
            if tokenFile == nil && environment[Self.tokenVariable] == nil {
                return "--http-access token needs --http-token-file FILE or $\(Self.tokenVariable)"
            }
            if capabilitySecretFile != nil { return "--http-capability-secret-file needs --http-access capability" }
        case .capability:
            if capabilitySecretFile == nil && environment[Self.capabilitySecretVariable] == nil {
                return "--http-access capability needs --http-capability-secret-file FILE or $\(Self.capabilitySecretVariable)"
            }
        }
        return nil
    }

    /// The access to enforce, with its secrets read; throws what ``problem(host:environment:)``
    /// finds, or a secret that cannot be read or is too weak.
    public func resolve(host: String, environment: [String: String]) throws(HTTPAccessError) -> HTTPAccess {
        if let problem = problem(host: host, environment: environment) { throw HTTPAccessError(problem) }
        var access = HTTPAccess(mode: mode ?? .open)
        switch access.mode {
        case .open:
            for variable in [Self.tokenVariable, Self.capabilitySecretVariable] where environment[variable] != nil {
                access.notes.append("$\(variable) is set but --http-access is open: it is not used")
            }
        case .token, .capability:
            // In capability mode the token is optional: it opens the listing routes to operators.
            if let secret = try Self.secret(file: tokenFile, variable: Self.tokenVariable, flag: "--http-token-file", environment) {
                access.token = try BearerToken(String(decoding: secret.bytes, as: UTF8.self), origin: secret.origin)
                access.notes += secret.notes
            }
            if access.mode == .capability,
                let secret = try Self.secret(
                    file: capabilitySecretFile, variable: Self.capabilitySecretVariable, flag: "--http-capability-secret-file", environment)
            {
                access.capabilities = try CapabilityKeys(secret: secret.bytes, origin: secret.origin)
                access.notes += secret.notes
            }
        }
        return access
    }

    /// The capability keys these settings name, for commands that print capability URLs
    /// (`mediaspool url`, `mediaspool status`); nil when no capability secret is configured.
    public func capabilityKeys(environment: [String: String]) throws(HTTPAccessError) -> CapabilityKeys? {
        guard
            let secret = try Self.secret(
                file: capabilitySecretFile, variable: Self.capabilitySecretVariable, flag: "--http-capability-secret-file", environment)
        else { return nil }
        return try CapabilityKeys(secret: secret.bytes, origin: secret.origin)
    }

    /// The file's bytes when a file is named (it wins over the variable), else the variable's.
    static func secret(
        file: String?, variable: String, flag: String, _ environment: [String: String]
    ) throws(HTTPAccessError) -> SecretSource? {
        if let file { return try SecretSource(file: file, flag: flag) }
        if let value = environment[variable] { return SecretSource(bytes: Array(value.utf8), origin: "$" + variable) }
        return nil
    }
}

/// A configuration of the HTTP view's access that cannot work; the message says what to change.
public struct HTTPAccessError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) { self.description = description }
}
