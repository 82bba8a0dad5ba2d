/// The access the HTTP view enforces, secrets included (never logged or printed).
public struct HTTPAccess: Sendable {
    public var mode: HTTPAccessMode
    /// Required in `token` mode; in `capability` mode it opens the listing routes to operators.
    public var token: BearerToken?
    /// Set in `capability` mode.
    public var capabilities: CapabilityKeys?
    /// Things an operator should hear about at start (a secret file others can read, an unused
    /// variable); they never contain a secret.
    public var notes: [String] = []

    public init(mode: HTTPAccessMode, token: BearerToken? = nil, capabilities: CapabilityKeys? = nil) {
        self.mode = mode
        self.token = token
        self.capabilities = capabilities
    }

    /// Anyone who reaches the port sees everything: the default on loopback.
    public static let open = HTTPAccess(mode: .open)
}
