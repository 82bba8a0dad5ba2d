import Foundation
import MediaKit
import SystemPackage
import Testing

@Suite("SHA-256")
struct SHA256HasherTests {
    @Test func matchesSha256sum() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        // 200,003 bytes: several 64 KiB chunks and a partial one.
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<200_003).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: URL(fileURLWithPath: ws.path("blob.bin")))

        let digest = try SHA256Hasher.hexDigest(ofFileAt: FilePath(ws.path("blob.bin")))

        let expected = String(decoding: try ws.run("sha256sum", "blob.bin"), as: UTF8.self).prefix(64)
        #expect(digest == String(expected))
    }

    @Test func knownVectorsAndStreaming() throws {
        var hasher = try SHA256Hasher()
        Array("ab".utf8).withUnsafeBytes { hasher.update($0) }
        Array("c".utf8).withUnsafeBytes { hasher.update($0) }
        #expect(hasher.finalize() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let empty = try SHA256Hasher()
        #expect(empty.finalize() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func missingFileIsIOError() {
        let error = #expect(throws: MediaError.self) {
            try SHA256Hasher.hexDigest(ofFileAt: "/nonexistent/mediakit/file")
        }
        #expect(error?.code == .io)
        #expect(error?.rawCode == ENOENT)
    }
}
