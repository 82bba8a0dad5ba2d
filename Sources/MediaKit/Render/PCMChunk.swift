/// A borrowed view of float planar samples: `channels` planes of `count` samples each.
///
/// Whoever hands one out owns the memory; the view is valid until that owner is used again (the
/// next `convert`, `process` or `chunk` call), so a stage reads it at once and never keeps it.
struct PCMChunk {
    let planes: UnsafeMutablePointer<UnsafeMutablePointer<Float>?>
    let channels: Int
    let count: Int

    /// The samples of `channel` (0-based).
    func plane(_ channel: Int) -> UnsafeMutablePointer<Float> { planes[channel]! }

    /// Multiplies every sample by `factor`, in place.
    func scale(by factor: Float) {
        guard factor != 1 else { return }
        for channel in 0..<channels {
            let samples = plane(channel)
            for index in 0..<count { samples[index] *= factor }
        }
    }

    /// The largest absolute sample value (0 for an empty chunk).
    func peak() -> Float {
        var peak: Float = 0
        for channel in 0..<channels {
            let samples = plane(channel)
            for index in 0..<count { peak = max(peak, abs(samples[index])) }
        }
        return peak
    }
}
