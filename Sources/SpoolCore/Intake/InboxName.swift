/// Which names in `inbox/` are job files. Only `*.json` that do not start with a dot count:
/// dotfiles (and with them rsync's `.name.XXXXXX` temporaries and `mediaspool submit`'s),
/// `*.tmp`, `*.part`, `*~`, WinSCP's `*.filepart` and every other name are left alone, except
/// folders named like a job id, which may be job folders moved in to be retried.
public enum InboxName {
    public static func isCandidate(_ name: String) -> Bool {
        guard !name.hasPrefix("."), name.utf8.count > 5 else { return false }
        return name.lowercased().hasSuffix(".json")
    }

    /// Whether `name` may be a job folder moved into the inbox (to be retried): a job id.
    /// Whether it is a folder at all is for intake to find out.
    public static func mayBeJobFolder(_ name: String) -> Bool {
        Job.isValidID(name)
    }

    /// The default job id: the name without its `.json`.
    public static func stem(_ name: String) -> String {
        String(name.dropLast(5))
    }

    /// A folder name for a rejected drop, derived from its file name: characters outside
    /// `[A-Za-z0-9._-]` become `_`, and it always starts with a letter or digit.
    public static func rejectedBase(_ name: String) -> String {
        let stem = isCandidate(name) ? stem(name) : name
        var scalars = stem.unicodeScalars.map { scalar -> Character in
            let ascii = scalar.isASCII ? UInt8(scalar.value) : 0
            let allowed =
                (48...57).contains(ascii) || (65...90).contains(ascii) || (97...122).contains(ascii)
                || ascii == UInt8(ascii: ".") || ascii == UInt8(ascii: "_") || ascii == UInt8(ascii: "-")
            return allowed ? Character(scalar) : "_"
        }
        while let first = scalars.first, !(first.isLetter || first.isNumber) { scalars.removeFirst() }
        let base = String(scalars.prefix(100))
        return base.isEmpty ? "job" : base
    }

    /// For a name that is not UTF-8: the same name with every byte outside printable ASCII, and
    /// `%`, written as `%XX`, so `caf\xE9.json` becomes `caf%E9.json`. Nil for a UTF-8 name.
    public static func repairedName(_ bytes: [UInt8]) -> String? {
        guard String(validating: bytes, as: UTF8.self) == nil else { return nil }
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            if byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "%") {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
