/// Where each part starts and ends in the output, in samples, and the chapters that follow.
struct RenderTimeline {
    let sampleRate: Int
    private(set) var spans: [(start: Int64, end: Int64)] = []

    init(sampleRate: Int) { self.sampleRate = sampleRate }

    mutating func record(start: Int64, end: Int64) { spans.append((start, end)) }

    func seconds(_ samples: Int64) -> Double { Double(samples) / Double(sampleRate) }

    /// One chapter per part, titled in order: each runs to the next part's start, the last to `total`.
    func chapters(titles: [String], total: Int64) -> [AudioChapter] {
        spans.indices.map { index in
            let end = index + 1 < spans.count ? spans[index + 1].start : total
            return AudioChapter(title: titles[index], startSeconds: seconds(spans[index].start), endSeconds: seconds(end))
        }
    }

    /// Silence between parts for `milliseconds` at this rate, rounded to whole samples.
    func gapSamples(milliseconds: Int) -> Int {
        Int((Double(milliseconds) * Double(sampleRate) / 1000).rounded())
    }
}
