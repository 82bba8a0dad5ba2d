/// EBU R128 / ITU-R BS.1770-4 figures for one stretch of audio.
public struct LoudnessMeasurement: Sendable, Equatable, Codable {
    /// Integrated loudness in LUFS; `nil` when nothing passes the absolute gate (-70 LUFS):
    /// silence, or audio shorter than one 400 ms block.
    public var integratedLUFS: Double?
    /// The highest true peak over all channels in dBTP (4× oversampled); `nil` for digital silence.
    public var truePeakDBTP: Double?
    /// Loudness range in LU (EBU Tech 3342); `nil` when ``integratedLUFS`` is.
    public var loudnessRangeLU: Double?
    /// Seconds of audio measured.
    public var durationSeconds: Double

    public init(integratedLUFS: Double?, truePeakDBTP: Double?, loudnessRangeLU: Double?, durationSeconds: Double) {
        self.integratedLUFS = integratedLUFS
        self.truePeakDBTP = truePeakDBTP
        self.loudnessRangeLU = loudnessRangeLU
        self.durationSeconds = durationSeconds
    }

    /// The gain in dB that brings this audio to `targetLUFS`; `nil` when it has no integrated loudness.
    public func gainDB(toReach targetLUFS: Double) -> Double? {
        integratedLUFS.map { targetLUFS - $0 }
    }
}
