/// Who may use the HTTP view (README, "Access").
public enum HTTPAccessMode: String, Codable, Sendable, CaseIterable {
    /// Anyone who reaches the port: allowed on loopback addresses only.
    case open
    /// Every route except `/healthz` needs the bearer token (a header, or the cookie `/login` sets).
    case token
    /// Each job only under its own unguessable URL, `/j/<id>/<key>/`; nothing is listed. The
    /// listing routes open to a bearer token when one is configured as well, else they are refused.
    case capability
}
