/// The frame or slide sizes social platforms expect.
public enum SizePreset: String, CaseIterable, Sendable {
    /// 1280×720, 16:9.
    case landscape
    /// 1080×1080, 1:1.
    case square
    /// 1080×1920, 9:16 (stories, reels).
    case portrait

    public var width: Int {
        switch self {
        case .landscape: 1280
        case .square, .portrait: 1080
        }
    }

    public var height: Int {
        switch self {
        case .landscape: 720
        case .square: 1080
        case .portrait: 1920
        }
    }
}

/// Where burned-in captions sit.
public enum CaptionPosition: String, CaseIterable, Sendable {
    case top, middle, bottom
}

/// Which corner the logo takes.
public enum LogoPosition: String, CaseIterable, Sendable {
    case topLeft = "top-left"
    case topRight = "top-right"
    case bottomLeft = "bottom-left"
    case bottomRight = "bottom-right"
}

/// How the audio is drawn (MediaKit's `WaveformStyle`).
public enum WaveformLook: String, CaseIterable, Sendable {
    case bars, wave, none
}
