import Foundation
import Testing

@testable import HTTPView

/// Which access modes an address allows, where secrets come from, and how keys are derived.
@Suite("HTTP access settings")
struct AccessSettingsTests {
    static let token = "s3cret-token-0123456789"

    @Test(arguments: ["127.0.0.1", "127.9.8.7", "::1", "0:0:0:0:0:0:0:1", "localhost", "LocalHost", "::ffff:127.0.0.1"])
    func loopbackAddresses(host: String) {
        #expect(LoopbackAddress.contains(host))
    }

    @Test(arguments: ["0.0.0.0", "::", "128.0.0.1", "10.0.0.1", "192.168.1.20", "::2", "fe80::1", "example.com", "localhost.example.com"])
    func otherAddresses(host: String) {
        #expect(!LoopbackAddress.contains(host))
    }

    @Test func openIsTheDefaultOnLoopbackOnly() throws {
        #expect(HTTPAccessSettings().problem(host: "127.0.0.1", environment: [:]) == nil)
        #expect(try HTTPAccessSettings().resolve(host: "::1", environment: [:]).mode == .open)
        for settings in [HTTPAccessSettings(), HTTPAccessSettings(mode: .open)] {
            let problem = try #require(settings.problem(host: "0.0.0.0", environment: [:]))
            #expect(problem.contains("--http-access token"))
            #expect(problem.contains("--http-access capability"))
            #expect(throws: HTTPAccessError.self) { try settings.resolve(host: "0.0.0.0", environment: [:]) }
        }
    }

    @Test func eachModeNeedsItsSecret() throws {
        let token = try #require(HTTPAccessSettings(mode: .token).problem(host: "0.0.0.0", environment: [:]))
        #expect(token.contains("--http-token-file") && token.contains("MEDIASPOOL_HTTP_TOKEN"))
        let capability = try #require(HTTPAccessSettings(mode: .capability).problem(host: "0.0.0.0", environment: [:]))
        #expect(capability.contains("--http-capability-secret-file") && capability.contains("MEDIASPOOL_HTTP_CAPABILITY_SECRET"))
        // A secret given to a mode that would not use it is a mistake, not something to ignore.
        #expect(HTTPAccessSettings(tokenFile: "/x").problem(host: "127.0.0.1", environment: [:]) != nil)
        #expect(HTTPAccessSettings(mode: .token, tokenFile: "/x", capabilitySecretFile: "/y").problem(host: "::", environment: [:]) != nil)
    }

    @Test func secretsComeFromFilesOrTheEnvironment() throws {
        let directory = FileManager.default.temporaryDirectory.path + "/access-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tokenFile = directory + "/token"
        try (Self.token + "\n").write(toFile: tokenFile, atomically: false, encoding: .utf8)
        chmod(tokenFile, 0o600)

        let fromFile = try HTTPAccessSettings(mode: .token, tokenFile: tokenFile).resolve(
            host: "0.0.0.0", environment: ["MEDIASPOOL_HTTP_TOKEN": "another-token-0123456789"])
        // The file wins over the variable, and its newline is not part of the token.
        #expect(fromFile.token?.matches(Substring(Self.token)) == true)
        #expect(fromFile.notes.isEmpty)
        let fromVariable = try HTTPAccessSettings(mode: .token).resolve(host: "0.0.0.0", environment: ["MEDIASPOOL_HTTP_TOKEN": Self.token])
        #expect(fromVariable.token?.matches(Substring(Self.token)) == true)

        chmod(tokenFile, 0o644)
        let readable = try HTTPAccessSettings(mode: .token, tokenFile: tokenFile).resolve(host: "0.0.0.0", environment: [:])
        #expect(readable.notes.contains { $0.contains("chmod 600") })

        let secretFile = directory + "/secret"
        try "0123456789abcdef0123456789abcdef\n".write(toFile: secretFile, atomically: false, encoding: .utf8)
        let capability = try HTTPAccessSettings(mode: .capability, capabilitySecretFile: secretFile).resolve(host: "::", environment: [:])
        #expect(capability.capabilities?.key(for: "job1") == "6R6LBmBd4mTNuRH2O6K8WQ")
        #expect(capability.token == nil)

        // Errors name the file, never its content.
        let short = directory + "/short"
        try "tiny\n".write(toFile: short, atomically: false, encoding: .utf8)
        do {
            _ = try HTTPAccessSettings(mode: .token, tokenFile: short).resolve(host: "0.0.0.0", environment: [:])
            Issue.record("a 4-character token was accepted")
        } catch {
            #expect(error.description.contains(short) && !error.description.contains("tiny"))
        }
        #expect(throws: HTTPAccessError.self) {
            try HTTPAccessSettings(mode: .token, tokenFile: directory + "/missing").resolve(host: "0.0.0.0", environment: [:])
        }
        #expect(throws: HTTPAccessError.self) { try BearerToken("has a space 0123456789") }
    }

    /// key = base64url(first 128 bits of HMAC-SHA256(secret, "mediaspool job v1:" + id)), as the
    /// README says, so other tools can derive it (the expected values come from Python's hmac).
    @Test func capabilityKeysAreDerivedAsDocumented() throws {
        let keys = try CapabilityKeys(secret: Array("0123456789abcdef0123456789abcdef".utf8))
        #expect(keys.key(for: "job1") == "6R6LBmBd4mTNuRH2O6K8WQ")
        #expect(keys.key(for: "ep42-mp3") == "0YVcOhXIXHd4QAs8jZybxg")
        #expect(keys.path(for: "job1") == "/j/job1/6R6LBmBd4mTNuRH2O6K8WQ/")
        #expect(keys.accepts("6R6LBmBd4mTNuRH2O6K8WQ", for: "job1"))
        #expect(!keys.accepts("6R6LBmBd4mTNuRH2O6K8WR", for: "job1"))
        #expect(!keys.accepts("6R6LBmBd4mTNuRH2O6K8WQ", for: "ep42-mp3"))
        #expect(!keys.accepts("6R6LBmBd4mTNuRH2O6K8W", for: "job1"))
        let other = try CapabilityKeys(secret: Array("another secret of 32 bytes......".utf8))
        #expect(other.key(for: "job1") != keys.key(for: "job1"))
        #expect(throws: HTTPAccessError.self) { try CapabilityKeys(secret: Array("short".utf8)) }
    }

    @Test func bearerHeadersAndConstantTimeComparison() throws {
        #expect(BearerToken.presented(in: "Bearer abc") == "abc")
        #expect(BearerToken.presented(in: "bearer  abc") == "abc")
        #expect(BearerToken.presented(in: "Basic abc") == nil)
        #expect(BearerToken.presented(in: "Bearer") == nil)
        #expect(BearerToken.presented(in: nil) == nil)
        let token = try BearerToken(Self.token)
        #expect(token.matches(Substring(Self.token)))
        #expect(!token.matches(Substring(Self.token + "x")))
        #expect(!token.matches(""))
        #expect(token.sessionValue != Self.token && !token.sessionValue.contains(Self.token))
        #expect(ConstantTime.equal([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2]))
    }
}
