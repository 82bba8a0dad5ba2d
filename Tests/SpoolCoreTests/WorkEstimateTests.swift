import Testing

@testable import SpoolCore

@Suite("Work estimates")
struct WorkEstimateTests {
    @Test func historyFirstThenTheJobsOwnPace() {
        // History says 0.1 s of work per second of input; a 600 s input needs 60 s.
        let estimate = WorkEstimate(ratio: 0.1)
        #expect(estimate.remainingSeconds(progress: 0, elapsed: 0, inputSeconds: 600) == 60)
        #expect(estimate.remainingSeconds(progress: 0, elapsed: 0, inputSeconds: nil) == nil)
        // Running twice as slow as history: at 50 % after 60 s, 60 s remain (the pace alone from 25 %).
        #expect(estimate.remainingSeconds(progress: 0.5, elapsed: 60, inputSeconds: 600) == 60)
        // In between, a blend: at 10 % after 12 s, history says 54 s left and the pace 108 s.
        let blended = estimate.remainingSeconds(progress: 0.1, elapsed: 12, inputSeconds: 600)!
        #expect(blended > 54 && blended < 108)
        #expect(JobKind.mp3.defaultWorkRatio > 0)
    }
}
