import Foundation
import Testing

extension SpoolFixture {
    /// Starts `mediaspool serve` on this spool (any free port), its log in serve.log, and
    /// returns it once it listens, with its base URL. The caller terminates it.
    func startServe(_ extra: [String] = []) async throws -> (process: Process, base: String) {
        let log = directory + "/serve.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: Self.binary)
        serve.arguments = ["serve", "--spool", layout.root, "--http", "127.0.0.1:0"] + extra
        serve.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try serve.run()
        var base = ""
        do {
            try await waitFor("serve to listen") {
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                guard let range = text.range(of: #"address=http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else { return false }
                base = String(text[range].dropFirst("address=".count))
                return true
            }
        } catch {
            serve.terminate()
            throw error
        }
        return (serve, base)
    }
}
