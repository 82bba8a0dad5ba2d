/// The arithmetic of a frame-copy join, from the parts' scans alone: how many silent frames go
/// after each part, where each part's audio lands in the output's decoded timeline, and what the
/// output's LAME tag must say.
///
/// Timeline, in samples per channel of the decoder's raw output (one frame = `spf` samples,
/// the decoder's own 529-sample delay included): part `k` starts at output frame `s(k)`, and
/// what FFmpeg outputs for it alone (``MP3StreamInfo/decodedSamples``) begins
/// ``MP3StreamInfo/leadSamples`` into it. The output's LAME tag carries part 0's delay and the
/// last part's padding, so FFmpeg drops the output's first `lead(0)` samples; in the output's
/// decoded timeline part `k` therefore spans `s(k) × spf + lead(k) − lead(0)` plus its decoded
/// samples. The padding and delay at each join stay in the stream and play as silence.
struct MP3JoinPlan: Equatable {
    var samplesPerFrame: Int
    var sampleRate: Int
    /// Silent frames after each part (the last is always 0).
    var gapFrames: [Int]
    /// Each part's first frame index among the output's audio frames.
    var startFrames: [Int]
    /// Each part's audio, `start..<end` in output samples (a start before 0 is cut by the
    /// output's decoder delay: only a first part without a LAME tag has one).
    var spans: [Range<Int64>]
    var totalFrames: Int
    /// For the output's LAME tag.
    var encoderDelay: Int
    var encoderPadding: Int
    /// Bitrate index of the silent frames: the parts' own when they all share one (the output
    /// stays CBR), else the smallest.
    var gapBitrateIndex: Int
    /// Every audio frame of the output (gap frames included) has this bitrate.
    var constantBitrateKbps: Int?

    init(_ infos: [MP3StreamInfo], gapMilliseconds: Int) {
        precondition(!infos.isEmpty, "a join needs at least one part")
        let first = infos[0]
        let spf = first.samplesPerFrame
        samplesPerFrame = spf
        sampleRate = first.sampleRate
        encoderDelay = first.encoderDelay ?? 0
        encoderPadding = infos[infos.count - 1].encoderPadding ?? 0

        let target = Double(max(gapMilliseconds, 0)) * Double(first.sampleRate) / 1000
        gapFrames = infos.indices.map { k in
            guard k + 1 < infos.count else { return 0 }
            let kept = Double(infos[k].trailSamples + infos[k + 1].leadSamples)
            return max(0, Int(((target - kept) / Double(spf)).rounded()))
        }
        let outputLead = Int64(encoderDelay + MP3StreamInfo.decoderDelay)
        var frame = 0
        var starts: [Int] = []
        var spans: [Range<Int64>] = []
        for (k, info) in infos.enumerated() {
            starts.append(frame)
            let start = Int64(frame) * Int64(spf) + info.leadSamples - outputLead
            spans.append(start..<start + info.decodedSamples)
            frame += info.frameCount + gapFrames[k]
        }
        startFrames = starts
        self.spans = spans
        totalFrames = frame

        let bitrates = Set(infos.map(\.bitrateKbps))
        let table = MP3FrameHeader.bitrates(for: first.version)
        if bitrates.count == 1, let shared = first.bitrateKbps, let index = table.firstIndex(of: shared) {
            gapBitrateIndex = index
            constantBitrateKbps = shared
        } else {
            gapBitrateIndex = 1
            constantBitrateKbps = nil
        }
    }

    var totalGapFrames: Int { gapFrames.reduce(0, +) }

    /// Samples per channel a gapless decoder outputs for the joined file: all frames' samples
    /// less the delay (decoder delay included) and whatever padding exceeds the decoder delay.
    var decodedSamples: Int64 {
        let all = Int64(totalFrames) * Int64(samplesPerFrame)
        let end = all - Int64(max(encoderPadding - MP3StreamInfo.decoderDelay, 0))
        return max(end - Int64(encoderDelay + MP3StreamInfo.decoderDelay), 0)
    }

    func seconds(_ samples: Int64) -> Double { Double(samples) / Double(sampleRate) }

    func chapters(titles: [String]) -> [AudioChapter] {
        zip(titles, spans).map { title, span in
            AudioChapter(
                title: title, startSeconds: seconds(max(span.lowerBound, 0)), endSeconds: seconds(max(span.upperBound, 0)))
        }
    }
}
