import CFFmpeg
import SystemPackage

/// One audiogram being written: the AAC and H.264 encoders, the caption track and the mp4
/// muxer over a ``PartialFile``. Audio goes in as decoded chunks; every time the audio of the
/// next video frame is complete, that frame is drawn (plate, waveform, caption) and encoded,
/// so the video follows the audio sample for sample and memory holds one frame's audio.
///
/// Frame `i` shows the audio of samples `⌊i·rate/fps⌋ ..< ⌊(i+1)·rate/fps⌋`; both streams start
/// at 0, so they are in sync by construction, and the video ends within one frame after the audio.
struct AudiogramSession: ~Copyable {
    private let request: AudiogramRequest
    private let file: PartialFile
    private var muxer: FormatOutput
    private let video: VideoEncoderContext
    private let audio: AudioEncoderContext
    private let fifo: AudioFIFO
    private let staging: PCMBuffer
    private let audioFrame: Frame
    private let videoFrame: Frame
    private let packet: Packet
    private let plate: PlanarImage
    private var waveform: WaveformPainter
    private let captions: [AudiogramCaption]
    private let streams: (video: Int, audio: Int, captions: Int?)
    private let rate: Int
    private let audioFrameSize: Int

    private var window: [Float] = []
    private var samplesIn: Int64 = 0
    private var samplesEncoded: Int64 = 0
    private(set) var framesEncoded = 0
    private var nextSoftCaption = 0
    private var softCaptionsWritten = 0
    private var shownCaption: (index: Int, bitmap: CaptionBitmap)?
    /// The first burned-in caption that may still be on screen (captions are in time order).
    private var captionCursor = 0
    private var burnedCaptions = 0
    private var posterBytes: Int64?
    private let posterFrame: Int

    init(request: AudiogramRequest, plate: PlanarImage, rate: Int, channels: Int) throws(MediaError) {
        let file = try PartialFile(finalPath: request.outputPath)
        guard let descriptor = file.openDescriptor else { preconditionFailure("a new PartialFile is open") }
        let globalHeader = try FormatOutput.wantsGlobalHeader(muxer: "mp4")
        let video = try VideoEncoderContext(
            width: request.width, height: request.height, fps: request.fps, preset: request.preset, crf: request.crf,
            keyframeInterval: request.keyframeInterval, globalHeader: globalHeader)
        let audio = try AudioEncoderContext(
            name: "aac", sampleFormat: AV_SAMPLE_FMT_FLTP, sampleRate: rate, channels: channels,
            bitRate: request.audioBitrateKbps * 1000, bitsPerRawSample: nil, globalHeader: globalHeader)
        let captions = Self.softTrackCaptions(request.captions)
        var muxer = try FormatOutput(muxer: "mp4", path: file.partPath.string, descriptor: descriptor)
        let videoStream = try muxer.addStream(timeBase: video.timeBase) { video.copyParameters(to: $0) }
        let audioStream = try muxer.addStream(timeBase: audio.timeBase) { audio.copyParameters(to: $0) }
        let captionStream =
            request.softCaptions && !captions.isEmpty
            ? try CaptionTrack.addStream(to: &muxer, width: request.width, height: request.height) : nil
        try muxer.setMetadata(MetadataTags.pairs(request.tags), onStream: false)
        try muxer.writeHeader(options: ["movflags": "+faststart"])
        let audioFrameSize = audio.frameSize ?? 1024
        let audioFrame = try Frame()
        try audio.allocate(audioFrame, samples: audioFrameSize)
        let videoFrame = try Frame()
        try video.allocate(videoFrame)
        let fifo = try AudioFIFO(channels: channels, capacity: audioFrameSize * 2)
        let packet = try Packet()
        self.fifo = fifo
        self.packet = packet
        self.staging = PCMBuffer(channels: channels, capacity: audioFrameSize)
        self.request = request
        self.file = file
        self.muxer = muxer
        self.video = video
        self.audio = audio
        self.audioFrame = audioFrame
        self.videoFrame = videoFrame
        self.plate = plate
        self.waveform = WaveformPainter(
            style: request.waveformStyle, rect: request.waveformRect, color: request.waveformColor, frameWidth: request.width,
            frameHeight: request.height)
        self.captions = captions
        self.streams = (videoStream, audioStream, captionStream)
        self.rate = rate
        self.audioFrameSize = audioFrameSize
        self.posterFrame = max(0, Int((request.posterSeconds * Double(request.fps)).rounded(.down)))
        window.reserveCapacity(rate / request.fps + 1)
    }

    /// Seconds of video encoded so far.
    var encodedSeconds: Double { Double(framesEncoded) / Double(request.fps) }

    /// Captions for the soft track: in order, each ending where the next begins at the latest,
    /// at least a millisecond long (the mp4 muxer needs rising timestamps).
    private static func softTrackCaptions(_ captions: [AudiogramCaption]) -> [AudiogramCaption] {
        let sorted = captions.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
        var result: [AudiogramCaption] = []
        for (index, caption) in sorted.enumerated() {
            var clipped = caption
            if index + 1 < sorted.count { clipped.end = min(clipped.end, sorted[index + 1].start) }
            if let last = result.last, Self.milliseconds(clipped.start) <= Self.milliseconds(last.start) { continue }
            if Self.milliseconds(clipped.end) - Self.milliseconds(clipped.start) < 1 { continue }
            result.append(clipped)
        }
        return result
    }

    private static func milliseconds(_ seconds: Double) -> Int64 { Int64((seconds * 1000).rounded()) }

    /// Encodes `chunk` as audio and draws and encodes every video frame whose audio it completes.
    mutating func write(_ chunk: PCMChunk) throws(MediaError) {
        try fifo.write(chunk)
        while fifo.count >= audioFrameSize { try encodeAudio(samples: audioFrameSize) }
        var offset = 0
        while offset < chunk.count {
            let frameEnd = Int64(framesEncoded + 1) * Int64(rate) / Int64(request.fps)
            let take = min(chunk.count - offset, Int(frameEnd - samplesIn))
            appendMono(chunk, from: offset, count: take)
            offset += take
            samplesIn += Int64(take)
            if samplesIn == frameEnd { try encodeVideoFrame() }
        }
    }

    private mutating func appendMono(_ chunk: PCMChunk, from offset: Int, count: Int) {
        let scale = 1 / Float(chunk.channels)
        for index in offset..<(offset + count) {
            var sum: Float = 0
            for channel in 0..<chunk.channels { sum += chunk.plane(channel)[index] }
            window.append(sum * scale)
        }
    }

    private mutating func encodeAudio(samples: Int) throws(MediaError) {
        let chunk = try fifo.read(samples, into: staging)
        let writable = av_frame_make_writable(audioFrame.raw)
        if writable < 0 { throw MediaError(ffmpeg: writable, function: "av_frame_make_writable") }
        audioFrame.raw.pointee.nb_samples = Int32(chunk.count)
        SampleWriter.write(chunk, into: audioFrame, format: AV_SAMPLE_FMT_FLTP, bits: 32)
        audioFrame.raw.pointee.pts = samplesEncoded
        samplesEncoded += Int64(chunk.count)
        try audio.send(audioFrame.raw)
        try drainAudio()
    }

    private func drainAudio() throws(MediaError) {
        while try audio.receive(into: packet) == .packet {
            try muxer.write(packet, timeBase: audio.timeBase, stream: streams.audio)
        }
    }

    private func drainVideo() throws(MediaError) {
        while try video.receive(into: packet) == .packet {
            try muxer.write(packet, timeBase: video.timeBase, stream: streams.video)
        }
    }

    /// Draws frame ``framesEncoded`` over the audio in ``window`` and encodes it.
    private mutating func encodeVideoFrame() throws(MediaError) {
        let time = (Double(framesEncoded) + 0.5) / Double(request.fps)
        try writeSoftCaptions(startingBefore: time + 1 / Double(request.fps))
        let writable = av_frame_make_writable(videoFrame.raw)  // the encoder may still hold the last picture
        if writable < 0 { throw MediaError(ffmpeg: writable, function: "av_frame_make_writable") }
        let canvas = FrameCanvas(frame: videoFrame.raw)
        canvas.copy(plate)
        window.withUnsafeBufferPointer { waveform.push($0) }
        window.removeAll(keepingCapacity: true)
        waveform.draw(on: canvas)
        if request.burnCaptions { try drawCaption(at: time, on: canvas) }
        videoFrame.raw.pointee.pts = Int64(framesEncoded)
        if framesEncoded == posterFrame, let path = request.posterPath {
            posterBytes = try PosterWriter.write(videoFrame.raw, to: path)
        }
        try video.send(videoFrame.raw)
        framesEncoded += 1
        try drainVideo()
    }

    private mutating func drawCaption(at time: Double, on canvas: FrameCanvas) throws(MediaError) {
        let all = request.captions
        while captionCursor < all.count, all[captionCursor].end <= time { captionCursor += 1 }
        guard captionCursor < all.count, all[captionCursor].start <= time else { return }
        let index = captionCursor
        if shownCaption?.index != index {
            do {
                shownCaption = (index, try request.paintCaption(index))
                burnedCaptions += 1
            } catch let error as MediaError {
                throw error
            } catch {
                throw MediaError(.invalidSettings, "caption \(index + 1) could not be drawn: \(error)")
            }
        }
        guard let bitmap = shownCaption?.bitmap, bitmap.width > 0, bitmap.height > 0 else { return }
        let area = request.captionRect
        let x = area.x + (area.width - bitmap.width) / 2
        let y = area.y + (area.height - bitmap.height) / 2
        if let box = request.captionBoxColor {
            let padding = max(8, bitmap.height / 8)
            canvas.fill(
                PixelRect(x: x - padding, y: y - padding, width: bitmap.width + 2 * padding, height: bitmap.height + 2 * padding),
                color: box)
        }
        canvas.blend(bitmap, x: x, y: y, color: request.captionColor)
    }

    /// Writes the soft-track captions that start before `time` (so packets go out in order).
    private mutating func writeSoftCaptions(startingBefore time: Double, videoEnd: Double? = nil) throws(MediaError) {
        guard let stream = streams.captions else { return }
        while nextSoftCaption < captions.count, captions[nextSoftCaption].start < time {
            let caption = captions[nextSoftCaption]
            nextSoftCaption += 1
            let start = Self.milliseconds(caption.start)
            let end = Self.milliseconds(min(caption.end, videoEnd ?? caption.end))
            guard end > start else { continue }
            try CaptionTrack.fill(packet, text: caption.text, startMs: start, durationMs: end - start)
            try muxer.write(packet, timeBase: CaptionTrack.timeBase, stream: stream)
            softCaptionsWritten += 1
        }
    }

    /// Encodes what is left (the last audio frame, the video up to the end of the audio),
    /// drains both encoders, writes the trailer (moving `moov` to the front), fsyncs and renames.
    consuming func finish(input: (format: String, codec: String)) throws(MediaError) -> AudiogramResult {
        if fifo.count > 0 { try encodeAudio(samples: fifo.count) }
        let totalFrames = Int((samplesIn * Int64(request.fps) + Int64(rate) - 1) / Int64(rate))
        while framesEncoded < totalFrames { try encodeVideoFrame() }
        if request.posterPath != nil, posterBytes == nil, framesEncoded > 0 {
            posterBytes = try PosterWriter.write(videoFrame.raw, to: request.posterPath!)
        }
        try writeSoftCaptions(startingBefore: .infinity, videoEnd: encodedSeconds)
        try audio.send(nil)
        try drainAudio()
        try video.send(nil)
        try drainVideo()
        try muxer.writeTrailer()
        let bytes = try file.fileSize()
        try file.finish()
        return AudiogramResult(
            inputFormat: input.format, inputCodec: input.codec, durationSeconds: Double(samplesIn) / Double(rate),
            videoFrames: framesEncoded, width: request.width, height: request.height, fps: request.fps, videoCodec: video.codecName,
            audioCodec: audio.codecName, sampleRate: rate, channels: audio.channels, softCaptions: softCaptionsWritten,
            burnedCaptions: burnedCaptions, bytes: bytes, posterBytes: posterBytes,
            posterSeconds: posterBytes == nil ? nil : Double(min(posterFrame, max(framesEncoded - 1, 0))) / Double(request.fps))
    }
}
