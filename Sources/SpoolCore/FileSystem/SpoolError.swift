#if canImport(Glibc)
    import Glibc
#endif

/// An error of the spool layer: a file-system call that failed, or a spool that is not usable.
///
/// Shaped like NIO's `FileSystemError`: an extensible ``Code``, a message that says what went
/// wrong and what to do, the failing C function and the raw `errno`.
public struct SpoolError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public static let io = Code(name: "io")
        public static let notFound = Code(name: "not-found")
        public static let alreadyExists = Code(name: "already-exists")
        public static let noSpace = Code(name: "no-space")
        public static let permissionDenied = Code(name: "permission-denied")
        public static let locked = Code(name: "locked")
        public static let invalidSpool = Code(name: "invalid-spool")
        public static let escapesRoot = Code(name: "escapes-root")
        public static let invalidArgument = Code(name: "invalid-argument")
        public var description: String { name }
    }

    public var code: Code
    public var message: String
    public var function: String?
    public var errno: Int32?

    public init(_ code: Code, _ message: String, function: String? = nil, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.function = function
        self.errno = errno
    }

    /// An error for a failed C call, with the code derived from `errno`.
    public static func posix(_ function: String, _ errno: Int32, path: String) -> SpoolError {
        let text = String(cString: strerror(errno))
        return SpoolError(Code(errno: errno), "\(function)(\(path)): \(text)", function: function, errno: errno)
    }

    public var description: String { message }
}

extension SpoolError.Code {
    init(errno: Int32) {
        switch errno {
        case ENOENT: self = .notFound
        case EEXIST, ENOTEMPTY: self = .alreadyExists
        case ENOSPC, EDQUOT: self = .noSpace
        case EACCES, EPERM, EROFS: self = .permissionDenied
        case EXDEV, ELOOP: self = .escapesRoot
        case EINVAL: self = .invalidArgument
        default: self = .io
        }
    }
}
