import CCurl

#if canImport(Glibc)
    import Glibc
#endif

/// The receiving end of one request, given to curl's callbacks as their user pointer. It reads
/// the status line and Content-Length from the headers; writes a 2xx body to the `.part`
/// descriptor while counting it against `maxBytes` (memory stays bounded by curl's buffer);
/// stops any other body at its first byte (only its status and headers matter); and lets
/// curl open sockets only to the addresses ``HostGate`` admitted.
final class TransferSink {
    /// Why the sink stopped the transfer (curl then reports `CURLE_WRITE_ERROR`).
    enum Stop: Equatable {
        /// A body of a response that is not 2xx: not wanted.
        case notSuccess
        /// The body passed `maxBytes`.
        case tooLarge
        /// `write(2)` to the `.part` file failed with this errno.
        case writeFailed(Int32)
        /// Nothing arrived for the read timeout (curl then reports `CURLE_ABORTED_BY_CALLBACK`).
        case stalled
    }

    private let descriptor: Int32
    private let maxBytes: Int64
    private let admitted: Set<IPAddress>
    private let progress: (Int64, Int64?) -> Void
    private var lastReport: ContinuousClock.Instant?
    private let readTimeout: Duration
    /// When the connection opened or the last header line or body bytes arrived.
    private var lastArrival = ContinuousClock.now

    /// The status of the last response head (after any 1xx), and its reason phrase.
    private(set) var status: Int?
    private(set) var reasonPhrase = ""
    /// Its Content-Length, when it sent one.
    private(set) var contentLength: Int64?
    /// Body bytes written.
    private(set) var bytes: Int64 = 0
    private(set) var stop: Stop?
    /// An address curl was about to connect to that ``HostGate`` had not admitted.
    private(set) var refusedAddress: String?

    /// `progress` must stay valid while curl runs (the caller lends it with
    /// `withoutActuallyEscaping`).
    init(
        descriptor: Int32, maxBytes: Int64, admitted: [IPAddress], readTimeout: Duration, progress: @escaping (Int64, Int64?) -> Void
    ) {
        self.descriptor = descriptor
        self.maxBytes = maxBytes
        self.admitted = Set(admitted)
        self.readTimeout = readTimeout
        self.progress = progress
    }

    var isSuccess: Bool { status.map { (200..<300).contains($0) } ?? false }

    /// Points `easy`'s header, write and open-socket callbacks at this sink. The caller keeps
    /// the sink alive until `perform()` returns.
    func install(on easy: borrowing CurlEasy) throws(CurlError) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        try easy.set(CURLOPT_HEADERDATA, pointer: me)
        try easy.set(CURLOPT_HEADERFUNCTION) { data, size, count, user in
            Unmanaged<TransferSink>.fromOpaque(user!).takeUnretainedValue().header(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        try easy.set(CURLOPT_WRITEDATA, pointer: me)
        try easy.set(CURLOPT_WRITEFUNCTION) { data, size, count, user in
            Unmanaged<TransferSink>.fromOpaque(user!).takeUnretainedValue().body(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        try easy.set(CURLOPT_XFERINFODATA, pointer: me)
        try easy.setTransferInfo { user, _, _, _, _ in
            Unmanaged<TransferSink>.fromOpaque(user!).takeUnretainedValue().checkStall()
        }
        try easy.set(CURLOPT_OPENSOCKETDATA, pointer: me)
        try easy.setOpenSocket { user, _, address in
            guard let user, let address else { return ccurl_socket_bad() }
            return Unmanaged<TransferSink>.fromOpaque(user).takeUnretainedValue().openSocket(address)
        }
    }

    /// Bytes of a redirect's body read and dropped so far, and the most that will be.
    private var redirectBodyBytes = 0
    private static let maxRedirectBodyBytes = 64 * 1024

    /// curl's transfer-info callback, called many times a second while bytes flow and about once
    /// a second while none do: nonzero aborts once nothing has arrived for the read timeout, so
    /// a stall is caught within about a second of it (curl's own low-speed check averages over
    /// several seconds and may fire up to ~5 s late).
    private func checkStall() -> Int32 {
        guard ContinuousClock.now - lastArrival > readTimeout else { return 0 }
        stop = .stalled
        return 1
    }

    /// One header line, CRLF included. A status line starts a new response head.
    private func header(_ line: UnsafeRawBufferPointer) -> Int {
        lastArrival = ContinuousClock.now
        let text = String(decoding: line, as: UTF8.self).trimmingSpace
        if text.hasPrefix("HTTP/") {
            let parts = text.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) : nil
            reasonPhrase = parts.count > 2 ? String(parts[2]) : ""
            contentLength = nil
        } else if let colon = text.firstIndex(of: ":"), text[..<colon].lowercased() == "content-length" {
            contentLength = Int64(text[text.index(after: colon)...].trimmingSpace)
        }
        return line.count
    }

    /// A piece of the body: written in full, or the transfer stops (returning less than
    /// `chunk.count` makes curl fail with `CURLE_WRITE_ERROR`).
    private func body(_ chunk: UnsafeRawBufferPointer) -> Int {
        lastArrival = ContinuousClock.now
        guard isSuccess else {
            // A redirect's small body is read and dropped, so curl finishes the response and
            // reports where it leads (CURLINFO_REDIRECT_URL); any other body stops the transfer.
            if let status, (300..<400).contains(status), redirectBodyBytes + chunk.count <= Self.maxRedirectBodyBytes {
                redirectBodyBytes += chunk.count
                return chunk.count
            }
            stop = .notSuccess
            return 0
        }
        guard bytes + Int64(chunk.count) <= maxBytes, (contentLength ?? 0) <= maxBytes else {
            stop = .tooLarge
            return 0
        }
        var offset = 0
        while offset < chunk.count {
            let written = write(descriptor, chunk.baseAddress! + offset, chunk.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                stop = .writeFailed(errno)
                return 0
            }
            offset += written
        }
        bytes += Int64(chunk.count)
        let now = ContinuousClock.now
        if lastReport.map({ now - $0 >= .milliseconds(250) }) ?? true {
            lastReport = now
            progress(bytes, contentLength)
        }
        return chunk.count
    }

    /// curl asks for a socket to connect to `address`: only to an admitted one.
    private func openSocket(_ address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        let socketAddress = UnsafeRawPointer(address) + MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr)!
        guard let target = IPAddress(socketAddress: socketAddress), admitted.contains(target) else {
            refusedAddress = IPAddress(socketAddress: socketAddress)?.description ?? "an address of family \(address.pointee.family)"
            return ccurl_socket_bad()
        }
        // The read timeout counts from the connection on; connecting has its own.
        lastArrival = ContinuousClock.now
        let kind = address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue)
        return socket(address.pointee.family, kind, address.pointee.protocol)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs, CR and LF.
    fileprivate var trimmingSpace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
