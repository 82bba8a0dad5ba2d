import MediaKit
import SpoolCore

extension MediaError {
    /// The job error a media failure becomes, with the field to blame.
    var jobError: JobError {
        switch code {
        case .unsupportedFormat, .decoderNotFound: JobError(.unsupportedFormat, field: "input", reason: message)
        case .invalidData: JobError(.invalidData, field: "input", reason: message)
        case .noAudioStream: JobError(.noAudioStream, field: "input", reason: message)
        case .emptyAudio: JobError(.emptyAudio, field: "input", reason: message)
        case .invalidSettings: JobError(.invalidSettings, field: "options", reason: message)
        case .io, .outOfMemory: JobError(.ioError, field: nil, reason: message)
        default: JobError(.internalError, field: nil, reason: message)
        }
    }
}
