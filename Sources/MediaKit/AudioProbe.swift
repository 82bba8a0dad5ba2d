import SystemPackage

/// Quick questions about an input before it is decoded.
public enum AudioProbe {
    /// The duration the container declares (seconds), or nil when it declares none (a raw
    /// stream); reads only the header and puts the descriptor back where it was.
    public static func declaredDuration(
        of descriptor: FileDescriptor, name: String, limits: DecodeLimits = .default
    ) throws(MediaError) -> Double? {
        FFmpegLog.configure()
        return try PartSurvey.declaredDuration(of: RenderPart(descriptor: descriptor, name: name), limits: limits)
    }
}
