/// One ID3v2.4 frame: a four-character ID and its body. Compound frames (`CHAP`, `CTOC`) carry
/// encoded subframes in their body, so chapters are built from the same type.
///
/// See the [ID3v2.4 frames](https://id3.org/id3v2.4.0-frames) and
/// [chapter](https://id3.org/id3v2-chapters-1.0) specifications.
struct ID3v2Frame: Sendable, Equatable {
    /// Four upper-case letters or digits, e.g. `TIT2`.
    var id: String
    var body: [UInt8]

    /// Text encoding byte 3: UTF-8.
    static let utf8Encoding: UInt8 = 3

    /// A text information frame (`TIT2`, `TPE1`, …) in UTF-8.
    static func text(_ id: String, _ value: String) -> ID3v2Frame {
        ID3v2Frame(id: id, body: [utf8Encoding] + Array(sanitized(value).utf8))
    }

    /// A `TXXX` user-defined text frame: description, NUL, value.
    static func userText(description: String, value: String) -> ID3v2Frame {
        ID3v2Frame(
            id: "TXXX", body: [utf8Encoding] + Array(sanitized(description).utf8) + [0] + Array(sanitized(value).utf8))
    }

    /// A `COMM` comment frame: language (ISO 639-2, three letters), description, NUL, text.
    static func comment(_ text: String, language: String = "eng", description: String = "") -> ID3v2Frame {
        let lang = Array((language.lowercased() + "xxx").utf8.prefix(3))
        return ID3v2Frame(
            id: "COMM",
            body: [utf8Encoding] + lang + Array(sanitized(description).utf8) + [0] + Array(sanitized(text).utf8))
    }

    /// A `CHAP` frame: element ID, start and end in milliseconds, byte offsets unused
    /// (`0xFFFFFFFF`), then subframes such as a `TIT2` title.
    static func chapter(
        elementID: String, startMilliseconds: UInt32, endMilliseconds: UInt32, subframes: [ID3v2Frame] = []
    )
        -> ID3v2Frame
    {
        var body = Array(sanitized(elementID).utf8) + [0]
        body += bigEndian(startMilliseconds) + bigEndian(endMilliseconds) + bigEndian(.max) + bigEndian(.max)
        for frame in subframes { body += frame.encoded() }
        return ID3v2Frame(id: "CHAP", body: body)
    }

    /// A `CTOC` table of contents listing `childElementIDs` (the `CHAP` element IDs) in order.
    static func tableOfContents(
        elementID: String, childElementIDs: [String], isTopLevel: Bool = true, isOrdered: Bool = true,
        subframes: [ID3v2Frame] = []
    ) -> ID3v2Frame {
        var body = Array(sanitized(elementID).utf8) + [0]
        body.append((isTopLevel ? 0b10 : 0) | (isOrdered ? 0b01 : 0))
        body.append(UInt8(clamping: childElementIDs.count))
        for child in childElementIDs.prefix(255) { body += Array(sanitized(child).utf8) + [0] }
        for frame in subframes { body += frame.encoded() }
        return ID3v2Frame(id: "CTOC", body: body)
    }

    /// Header (ID, synchsafe size, no flags) followed by the body.
    func encoded() -> [UInt8] {
        precondition(id.utf8.count == 4, "ID3v2 frame IDs have four characters")
        return Array(id.utf8) + Self.synchsafe(body.count) + [0, 0] + body
    }

    /// A 28-bit size as four 7-bit bytes (ID3v2.4 uses these for tag and frame sizes).
    static func synchsafe(_ value: Int) -> [UInt8] {
        precondition(value >= 0 && value < 1 << 28, "ID3v2 sizes are limited to 256 MiB")
        return [UInt8(value >> 21 & 0x7F), UInt8(value >> 14 & 0x7F), UInt8(value >> 7 & 0x7F), UInt8(value & 0x7F)]
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// NUL separates values in ID3v2.4 text frames, so it cannot appear inside one.
    private static func sanitized(_ text: String) -> String {
        text.contains("\0") ? String(text.filter { $0 != "\0" }) : text
    }
}
