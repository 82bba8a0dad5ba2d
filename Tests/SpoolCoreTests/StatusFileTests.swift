import Foundation
import Synchronization
import Testing

@testable import SpoolCore

@Suite("status.json")
struct StatusFileTests {
    @Test func everyKeyIsPresentEvenWhenNull() throws {
        let status = JobStatus(jobId: "a", kind: "mp3", status: .pending, createdAt: .now(), maxAttempts: 3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(StatusFile.encode(status))) as? [String: Any])
        for key in [
            "jobId", "kind", "status", "phase", "progress", "attempts", "maxAttempts", "estimatedSeconds", "outputUrl", "outputSize",
            "outputs", "error", "errorCode", "createdAt", "startedAt", "completedAt", "nextAttemptAt",
        ] {
            #expect(object.keys.contains(key), "\(key)")
        }
        #expect(object["phase"] is NSNull)
        #expect(try StatusFile.decode(StatusFile.encode(status)) == status)
    }

    /// A reader racing a writer sees the old status or the new one, never a torn file.
    @Test func readersNeverSeeATornFile() async throws {
        let directory = TemporaryDirectory()
        let folder = directory.path
        var status = JobStatus(jobId: "race", kind: "mp3", status: .processing, createdAt: .now(), maxAttempts: 3)
        status.lastError = String(repeating: "long text ", count: 2000)
        try StatusFile.write(status, to: folder)
        let done = Atomic<Bool>(false)
        let torn = Atomic<Int>(0)
        let reads = Atomic<Int>(0)
        let reader = Thread {
            while !done.load(ordering: .relaxed) {
                if StatusFile.read(from: folder) == nil { torn.add(1, ordering: .relaxed) }
                reads.add(1, ordering: .relaxed)
            }
        }
        reader.start()
        for step in 0..<500 {
            status.progress = Double(step) / 500
            try StatusFile.write(status, to: folder, sync: false)
        }
        done.store(true, ordering: .relaxed)
        while !reader.isFinished { try await Task.sleep(for: .milliseconds(5)) }
        #expect(reads.load(ordering: .relaxed) > 0)
        #expect(torn.load(ordering: .relaxed) == 0)
        #expect(names(in: folder) == ["status.json"])
    }
}
