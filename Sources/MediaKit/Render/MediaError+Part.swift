extension MediaError {
    /// This error with the part it concerns in front of the message: `part 2 'b.mp3': …` in a
    /// render of several parts, `'b.mp3': …` for one; the name is left out when the message
    /// already quotes it.
    func naming(part name: String, index: Int, of count: Int) -> MediaError {
        let quoted = "'\(name)'"
        let subject = message.contains(quoted) ? nil : quoted
        let prefix = [count > 1 ? "part \(index + 1)" : nil, subject].compactMap { $0 }.joined(separator: " ")
        guard !prefix.isEmpty else { return self }
        var named = self
        named.message = "\(prefix): \(message)"
        return named
    }
}
