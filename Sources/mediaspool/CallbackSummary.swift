import SpoolCore

/// The `callback` line of `mediaspool status`: how the job's last callback delivery went, from
/// the tries the ledger recorded.
enum CallbackSummary {
    static func render(_ attempts: [CallbackAttempt], requested url: String?, finished: Bool) -> String? {
        guard let last = attempts.last else {
            guard let url, finished else { return nil }
            return "to \(url): no try recorded yet"
        }
        let tries = attempts.filter { $0.deliveryId == last.deliveryId }.count
        let answer = last.httpStatus.map { "HTTP \($0)" } ?? last.error ?? "no answer"
        let count = tries == 1 ? "1 try" : "\(tries) tries"
        switch last.outcome {
        case .delivered:
            return "delivered to \(last.url) (\(answer)) at \(last.at), after \(count)"
        case .retrying:
            let detail = last.error.map { $0 == answer ? answer : "\(answer): \($0)" } ?? answer
            return "try \(last.attempt) to \(last.url) failed (\(detail)); next try at \(last.nextAttemptAt?.description ?? "?")"
        case .failed:
            return "gave up on \(last.url) after \(count): \(last.error ?? answer) (at \(last.at))"
        }
    }
}
