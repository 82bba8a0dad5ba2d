import Testing

@testable import SpoolCore

@Suite("Result cache index")
struct ResultCacheTests {
    let directory = TemporaryDirectory()

    @Test func recordLookupForget() throws {
        let layout = try directory.makeSpool()
        let cache = ResultCache(layout: layout)
        let key = String(repeating: "ab", count: 32)
        #expect(cache.lookup(key: key) == nil)
        try cache.record(key: key, jobID: "first")
        #expect(cache.lookup(key: key) == "first")
        try cache.record(key: key, jobID: "second")
        #expect(cache.lookup(key: key) == "second")
        cache.forget(key: key, jobID: "first")  // no longer its entry: kept
        #expect(cache.lookup(key: key) == "second")
        cache.forget(key: key, jobID: "second")
        #expect(cache.lookup(key: key) == nil)
    }

    @Test func keysAreNeverPaths() throws {
        let layout = try directory.makeSpool()
        let cache = ResultCache(layout: layout)
        #expect(!ResultCache.isValidKey("../../etc/passwd"))
        #expect(!ResultCache.isValidKey(String(repeating: "A", count: 64)))
        try cache.record(key: "../x", jobID: "j")
        #expect(names(in: layout.root).contains("cache") == false)
    }

    @Test func removingAJobForgetsItsEntry() throws {
        let layout = try directory.makeSpool()
        let key = String(repeating: "0", count: 64)
        let folder = layout.jobFolder("j1", in: .done)
        try FileOps.makeDirectory(folder)
        var status = JobStatus(jobId: "j1", kind: "mp3", status: .completed, createdAt: .now(), maxAttempts: 3)
        status.cache = CacheInfo(key: key, hit: false)
        status.completedAt = .now()
        try StatusFile.write(status, to: folder)
        try ResultCache(layout: layout).record(key: key, jobID: "j1")
        try JobControl.remove(JobControl.Finished(id: "j1", state: .done, finishedAt: .now()), layout: layout)
        #expect(ResultCache(layout: layout).lookup(key: key) == nil)
    }
}
