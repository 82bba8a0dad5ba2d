import CSpoolSys
import SpoolCore
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Opens a job's input for reading without ever leaving its root: `openat2` with
/// `RESOLVE_BENEATH` follows symlinks only while they stay inside the root, so a symlink
/// planted in `media/` cannot reach `/etc/passwd`. FIFOs and devices are refused, so a
/// stalled writer cannot hang the decoder.
enum InputOpener {
    static func open(_ text: String, field: String, roots: InputRoots) throws(JobError) -> FileDescriptor {
        guard case .file(let root, let relativePath) = try InputReference.resolve(text, field: field, roots: roots) else {
            throw JobError(.unsupported, field: field, reason: "URL inputs are not fetched by this build")
        }
        let rootFD = Glibc.open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFD >= 0 else {
            throw JobError(
                .inputUnreadable, field: field, reason: "cannot open the input root \(root): \(String(cString: strerror(errno)))")
        }
        defer { close(rootFD) }
        let fd = cspool_open_beneath(rootFD, relativePath, O_RDONLY | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else {
            let error = errno
            switch error {
            case ENOENT, ENOTDIR:
                throw JobError(.inputNotFound, field: field, reason: "\(text) does not exist under \(root)")
            case EXDEV, ELOOP:
                throw JobError(.invalidPath, field: field, reason: "\(text) leads outside \(root) (through a symlink?)")
            default:
                throw JobError(.inputUnreadable, field: field, reason: "cannot open \(text): \(String(cString: strerror(error)))")
            }
        }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw JobError(.inputUnreadable, field: field, reason: "\(text) is not a regular file")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return FileDescriptor(rawValue: fd)
    }
}
