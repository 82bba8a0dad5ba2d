/// The Ogg page checksum: CRC-32 with polynomial 0x04C11DB7, no reflection, initial value 0,
/// over the whole page with its checksum field (bytes 22–25) zeroed, stored little-endian.
///
/// See [RFC 3533](https://www.rfc-editor.org/rfc/rfc3533#section-6).
enum OggPage {
    private static let table: [UInt32] = (0..<256).map { index in
        var remainder = UInt32(index) << 24
        for _ in 0..<8 { remainder = remainder & 0x8000_0000 != 0 ? (remainder << 1) ^ 0x04C1_1DB7 : remainder << 1 }
        return remainder
    }

    static func checksum(_ page: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0
        for (index, byte) in page.enumerated() {
            let value = (22..<26).contains(index) ? 0 : byte
            crc = (crc << 8) ^ table[Int((crc >> 24) ^ UInt32(value))]
        }
        return crc
    }

    /// Recomputes and stores the checksum of a whole page.
    static func updateChecksum(_ page: inout [UInt8]) {
        let crc = checksum(page)
        for index in 0..<4 { page[22 + index] = UInt8(crc >> (8 * UInt32(index)) & 0xFF) }
    }
}
