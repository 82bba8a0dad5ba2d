import SystemPackage

/// Declared durations of parts, read before the render starts so progress has a total: each
/// part is opened (probe and stream info only), asked, closed, and its descriptor put back at
/// the offset it had. Parts that cannot seek back (pipes) are not opened; their duration is unknown.
enum PartSurvey {
    /// The declared duration of `part`, `nil` when unknown or the descriptor cannot seek.
    static func declaredDuration(of part: RenderPart, limits: DecodeLimits) throws(MediaError) -> Double? {
        guard let offset = try? part.descriptor.seek(offset: 0, from: .current) else { return nil }
        let duration: Double?
        do {
            let input = try FormatInput(descriptor: part.descriptor, name: part.name, limits: limits)
            duration = input.declaredDurationSeconds
        }
        do {
            _ = try part.descriptor.seek(offset: offset, from: .start)
        } catch {
            throw MediaError(errno: error as? Errno ?? .ioError, function: "lseek", path: part.name)
        }
        return duration
    }
}
