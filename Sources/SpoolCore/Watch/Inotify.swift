import CSpoolSys

#if canImport(Glibc)
    import Glibc
#endif

/// Owner of one inotify instance watching one folder (inotify(7)). Events are only hints:
/// the watcher rescans on overflow and on a timer, because the kernel drops events past
/// `max_queued_events` and sees nothing that other hosts do on a network file system.
struct Inotify: ~Copyable {
    enum Event: Equatable {
        case file(String)
        /// A folder created in the watched folder (`renamedIn: false`: maybe still being filled,
        /// as by `cp -r` or `rsync -r`) or renamed into it (whole).
        case folder(String, renamedIn: Bool)
        /// The kernel dropped events: rescan.
        case overflow
        /// The watched folder was removed or moved away.
        case watchLost
    }

    private let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    /// Watches `folder` for files finished (IN_CLOSE_WRITE), moved in (IN_MOVED_TO) and
    /// created (IN_CREATE: SFTP's link+unlink delivery shows up only as that).
    init(watching folder: String) throws(SpoolError) {
        let fd = inotify_init1(cspool_in_nonblock() | cspool_in_cloexec())
        guard fd >= 0 else {
            throw SpoolError.posix("inotify_init1", errno, path: folder)
        }
        let mask =
            cspool_in_close_write() | cspool_in_moved_to() | cspool_in_create() | cspool_in_onlydir()
            | cspool_in_dont_follow() | cspool_in_delete_self() | cspool_in_move_self()
        if inotify_add_watch(fd, folder, mask) < 0 {
            let error = errno
            close(fd)
            let hint =
                error == ENOSPC
                ? " (fs.inotify.max_user_watches is exhausted)" : error == EMFILE ? " (fs.inotify.max_user_instances is exhausted)" : ""
            throw SpoolError(
                SpoolError.Code(errno: error), "inotify_add_watch(\(folder)): \(String(cString: strerror(error)))\(hint)",
                function: "inotify_add_watch", errno: error)
        }
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// Waits up to `timeoutMilliseconds` for events and returns what arrived (maybe nothing).
    mutating func next(timeoutMilliseconds: Int32) throws(SpoolError) -> [Event] {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, timeoutMilliseconds)
        if ready < 0 {
            if errno == EINTR { return [] }
            throw SpoolError.posix("poll", errno, path: "inotify")
        }
        guard ready > 0 else { return [] }
        var events: [Event] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { break }
                throw SpoolError.posix("read", errno, path: "inotify")
            }
            if count == 0 { break }
            events += Self.parse(buffer[..<count])
        }
        return events
    }

    /// `struct inotify_event` records: wd, mask, cookie, len (16 bytes), then a NUL-padded name.
    static func parse(_ bytes: ArraySlice<UInt8>) -> [Event] {
        var events: [Event] = []
        var offset = bytes.startIndex
        while offset + 16 <= bytes.endIndex {
            func word(_ at: Int) -> UInt32 {
                UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
            }
            let mask = word(offset + 4)
            let length = Int(word(offset + 12))
            let nameBytes = bytes[(offset + 16)..<min(offset + 16 + length, bytes.endIndex)].prefix { $0 != 0 }
            offset += 16 + length
            if mask & cspool_in_q_overflow() != 0 {
                events.append(.overflow)
            } else if mask & (cspool_in_delete_self() | cspool_in_move_self() | cspool_in_ignored()) != 0 {
                events.append(.watchLost)
            } else if mask & cspool_in_isdir() == 0 {
                events.append(.file(String(decoding: nameBytes, as: UTF8.self)))
            } else if mask & (cspool_in_moved_to() | cspool_in_create()) != 0 {
                // Folders are reported too: job folders moved in are retried, a *.json one is refused.
                events.append(.folder(String(decoding: nameBytes, as: UTF8.self), renamedIn: mask & cspool_in_moved_to() != 0))
            }
        }
        return events
    }
}
