/// The joined PCM of a render, chunk by chunk: each part decoded in turn (only one open at a
/// time) with its gain, and exact silence between parts. Records where each part lands in the
/// output, counting the samples it hands out.
struct RenderSource: ~Copyable {
    private let request: RenderRequest
    private let encoding: ResolvedEncoding
    private let limits: DecodeLimits
    /// Added to every part's gain (the makeup found for a loudness target).
    private let extraGainDB: Double
    private var pending: PartInput?
    private var decoder: PartDecoder?
    private var index = 0
    private var gapRemaining = 0
    private var partStart: Int64 = 0
    private let silence: PCMBuffer
    /// Samples per channel handed out so far: the position in the output.
    private(set) var samples: Int64 = 0
    private(set) var timeline: RenderTimeline
    private(set) var rendered: [RenderedPart] = []
    /// Decoded seconds of the parts finished so far.
    private var finishedSeconds = 0.0

    /// `first`, when given, is the first part already opened (its descriptor must not be read again).
    init(
        _ request: RenderRequest, encoding: ResolvedEncoding, first: consuming PartInput?, limits: DecodeLimits,
        extraGainDB: Double = 0
    ) {
        self.request = request
        self.encoding = encoding
        self.limits = limits
        self.extraGainDB = extraGainDB
        pending = first
        silence = PCMBuffer(channels: encoding.channels, capacity: 4096)
        timeline = RenderTimeline(sampleRate: encoding.sampleRate)
    }

    /// Seconds decoded over all parts so far (for progress; from timestamps within a part).
    private(set) var decodedSeconds = 0.0

    /// The next samples (valid until the next call), or `nil` after the last part.
    mutating func next() throws(MediaError) -> PCMChunk? {
        while true {
            if gapRemaining > 0 {
                let count = min(gapRemaining, silence.capacity)
                gapRemaining -= count
                samples += Int64(count)
                return silence.chunk(count: count)
            }
            if decoder == nil {
                guard index < request.parts.count else { return nil }
                try open()
                partStart = samples
            }
            let next: (chunk: PCMChunk, positionSeconds: Double)?
            do {
                next = try decoder!.next()
            } catch {
                throw error.naming(part: request.parts[index].name, index: index, of: request.parts.count)
            }
            if let next {
                samples += Int64(next.chunk.count)
                decodedSeconds = finishedSeconds + next.positionSeconds
                return next.chunk
            }
            finishPart()
        }
    }

    private mutating func open() throws(MediaError) {
        let part = request.parts[index]
        do {
            let input: PartInput
            if let opened = pending.take() {
                input = opened
            } else {
                input = try PartInput(descriptor: part.descriptor, name: part.name, limits: limits)
            }
            decoder = try PartDecoder(
                input, outputRate: encoding.sampleRate, outputChannels: encoding.channels,
                gainDB: part.gainDB + extraGainDB)
        } catch {
            throw error.naming(part: part.name, index: index, of: request.parts.count)
        }
    }

    private mutating func finishPart() {
        guard let done = decoder.take() else { return }
        timeline.record(start: partStart, end: samples)
        rendered.append(done.rendered(startSeconds: timeline.seconds(partStart), endSeconds: timeline.seconds(samples)))
        finishedSeconds += done.decodedSeconds
        decodedSeconds = finishedSeconds
        index += 1
        if index < request.parts.count { gapRemaining = timeline.gapSamples(milliseconds: request.gapMilliseconds) }
    }
}
