/// CRC-16/ARC (polynomial 0x8005 reflected as 0xA001, initial value 0): the checksum of the LAME
/// tag's "music CRC" (every audio frame after the tag frame) and "tag CRC" (the tag frame up to
/// that field). FFmpeg checks the latter with `ff_crcA001_update`.
struct CRC16 {
    private(set) var value: UInt16 = 0

    mutating func update<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        var crc = value
        let done: Void? = Self.table.withUnsafeBufferPointer { table in
            bytes.withContiguousStorageIfAvailable { buffer in
                for byte in buffer { crc = crc >> 8 ^ table[Int((crc ^ UInt16(byte)) & 0xFF)] }
            }
        }
        if done == nil {
            for byte in bytes { crc = crc >> 8 ^ Self.table[Int((crc ^ UInt16(byte)) & 0xFF)] }
        }
        value = crc
    }

    static func checksum<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt16 {
        var crc = CRC16()
        crc.update(bytes)
        return crc.value
    }

    private static let table: [UInt16] = (0..<256).map { index in
        var crc = UInt16(index)
        for _ in 0..<8 { crc = crc & 1 != 0 ? crc >> 1 ^ 0xA001 : crc >> 1 }
        return crc
    }
}
