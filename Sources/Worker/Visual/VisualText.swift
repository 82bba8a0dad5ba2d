import Foundation
import MediaKit
import SpoolCore
import SystemPackage
import TextKit

/// What audiograms and carousels share: the font, found through fontconfig as librsvg will
/// find it, and the listing of an output file.
enum VisualText {
    /// Opens the font of `family`; a family that is not installed fails the job, blaming `field`.
    static func face(family: String, field: String) throws(JobError) -> FontFace {
        do {
            return try FontFace(file: try FontLocator.locate(family: family))
        } catch {
            throw JobError(.invalidField, field: field, reason: "\(error)")
        }
    }

    /// The mask's columns that hold ink (all rows kept, so every caption sits at the same
    /// height), so the box behind a caption fits the text.
    static func croppedToInk(_ mask: GlyphMask) -> CaptionBitmap {
        guard let ink = mask.inkBounds else { return CaptionBitmap(width: 0, height: 0, coverage: []) }
        let left = ink.minX & ~1
        let width = min(mask.width - left, (ink.maxX - left + 2) & ~1)
        var coverage = [UInt8](repeating: 0, count: width * mask.height)
        for row in 0..<mask.height {
            for column in 0..<width { coverage[row * width + column] = mask.coverage[row * mask.width + left + column] }
        }
        return CaptionBitmap(width: width, height: mask.height, coverage: coverage)
    }

    static func outputFile(_ name: String, in folder: String, mimeType: String, duration: Double?) throws(JobError) -> OutputFile {
        let path = FilePath(folder + "/" + name)
        let digest: String
        do {
            digest = try SHA256Hasher.hexDigest(ofFileAt: path)
        } catch {
            throw JobError(.ioError, field: nil, reason: error.message)
        }
        var info = stat()
        guard stat(path.string, &info) == 0 else {
            throw JobError(.ioError, field: nil, reason: "cannot stat \(name): \(String(cString: strerror(errno)))")
        }
        return OutputFile(
            name: name, size: Int64(info.st_size), sha256: digest, mimeType: mimeType, durationSeconds: duration.map(JobRunner.microseconds)
        )
    }
}

/// The captions as a WebVTT file beside the video, for players' `<track>` and for editing.
enum WebVTTWriter {
    static func write(_ captions: [AudiogramCaption], to path: String) throws(JobError) {
        var text = "WEBVTT\n"
        for (index, caption) in captions.enumerated() {
            let body = caption.text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
            text += "\n\(index + 1)\n\(timestamp(caption.start)) --> \(timestamp(caption.end))\n\(body)\n"
        }
        do {
            try FileOps.writeAtomically(path, Array(text.utf8))
        } catch {
            throw JobError(.ioError, field: nil, reason: "cannot write \(path): \(error)")
        }
    }

    static func timestamp(_ seconds: Double) -> String {
        let milliseconds = Int((seconds * 1000).rounded())
        let hours = milliseconds / 3_600_000
        let minutes = milliseconds / 60_000 % 60
        let secondsPart = milliseconds / 1000 % 60
        func pad(_ value: Int, _ width: Int) -> String {
            String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
        }
        return "\(pad(hours, 2)):\(pad(minutes, 2)):\(pad(secondsPart, 2)).\(pad(milliseconds % 1000, 3))"
    }
}
