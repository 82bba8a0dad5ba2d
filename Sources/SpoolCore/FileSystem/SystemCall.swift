#if canImport(Glibc)
    import Glibc
#endif

/// Runs a C call that returns -1 with `errno` on failure, retrying `EINTR`, and throws a
/// ``SpoolError`` naming the function and path otherwise (the NIO `syscall` pattern).
@inline(__always)
@discardableResult
func systemCall<T: FixedWidthInteger>(
    _ function: String, path: @autoclosure () -> String, _ body: () -> T
) throws(SpoolError) -> T {
    while true {
        let result = body()
        if result == -1 {
            let error = errno
            if error == EINTR { continue }
            throw SpoolError.posix(function, error, path: path())
        }
        return result
    }
}
