/// Comparison of secrets whose time does not depend on where they first differ, so an attacker
/// timing answers learns nothing byte by byte. Lengths are not secret here: callers compare
/// digests or keys of a fixed length.
enum ConstantTime {
    static func equal(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
