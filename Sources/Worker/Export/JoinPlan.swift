import MediaKit
import SpoolCore

/// How a page export joins its parts: MP3 frames copied byte for byte, or decoded and encoded
/// once, and why (`export.modeReason` in `status.json`).
enum JoinPlan {
    case copy([MP3StreamInfo])
    case reencode(reason: String)

    /// Decides from `options.mode`, the options that need decoding, and a scan of every part's
    /// frame headers. In copy mode a part that cannot be copied fails the job, naming it; in
    /// auto mode it makes the job re-encode instead.
    static func decide(for job: Job, inputs: [ResolvedInput]) throws(JobError) -> JoinPlan {
        let mode = job.options.mode
        if mode == .reencode { return .reencode(reason: "options.mode is reencode") }
        if let field = job.options.encodingFields.first {
            return .reencode(reason: "options.\(field) needs decoding and encoding")
        }
        var infos: [MP3StreamInfo] = []
        for input in inputs {
            let info: MP3StreamInfo
            do throws(MediaError) {
                info = try MP3Scanner.scan(input.descriptor, name: input.name)
            } catch {
                let reason = "\(input.field) (\(input.name)) cannot be copied frame by frame: \(error.message)"
                if mode == .copy { throw JobError(error.isTransient ? .ioError : .incompatibleParts, field: input.field, reason: reason) }
                for each in inputs { try each.rewind() }
                return .reencode(reason: reason)
            }
            infos.append(info)
            try input.rewind()
        }
        let names = inputs.map(\.name)
        guard let reason = MP3FrameJoiner.mismatch(infos, names: names) else { return .copy(infos) }
        if mode == .copy {
            let culprit =
                (0..<infos.count).first { index in
                    MP3FrameJoiner.mismatch(index == 0 ? [infos[0]] : [infos[0], infos[index]], names: [names[0], names[index]]) != nil
                } ?? 0
            throw JobError(
                .incompatibleParts, field: inputs[culprit].field,
                reason: "\(reason); copy mode needs parts of one format (use \"mode\": \"auto\" or \"reencode\")")
        }
        return .reencode(reason: reason)
    }
}
