import MediaKit
import SpoolCore

extension MediaError {
    /// The job error a media failure becomes, with the field to blame.
    var jobError: JobError { jobError(inputField: "input") }

    /// The job error, blaming `inputField` (`input`, `inputs[2]`) for a bad input.
    func jobError(inputField: String) -> JobError {
        switch code {
        case .unsupportedFormat, .decoderNotFound: JobError(.unsupportedFormat, field: inputField, reason: message)
        case .invalidData: JobError(.invalidData, field: inputField, reason: message)
        case .noAudioStream: JobError(.noAudioStream, field: inputField, reason: message)
        case .emptyAudio: JobError(.emptyAudio, field: inputField, reason: message)
        case .invalidSettings: JobError(.invalidSettings, field: "options", reason: message)
        case .io, .outOfMemory: JobError(.ioError, field: nil, reason: message)
        default: JobError(.internalError, field: nil, reason: message)
        }
    }
}
