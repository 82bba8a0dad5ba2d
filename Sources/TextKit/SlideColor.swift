/// An sRGB colour with alpha, written in SVG as `#rrggbb` plus an opacity when alpha < 255.
public struct SlideColor: Sendable, Equatable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8
    public var alpha: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// Parses `#rgb`, `#rrggbb` or `#rrggbbaa` (the `#` is optional); nil for anything else.
    public init?(hex: String) {
        var digits = Substring(hex)
        if digits.hasPrefix("#") { digits = digits.dropFirst() }
        guard digits.allSatisfy(\.isHexDigit) else { return nil }
        let values: [UInt8]
        switch digits.count {
        case 3: values = digits.map { UInt8(String(repeating: $0, count: 2), radix: 16)! }
        case 6, 8:
            values = stride(from: 0, to: digits.count, by: 2).map { offset in
                let start = digits.index(digits.startIndex, offsetBy: offset)
                return UInt8(digits[start..<digits.index(start, offsetBy: 2)], radix: 16)!
            }
        default: return nil
        }
        self.init(red: values[0], green: values[1], blue: values[2], alpha: values.count == 4 ? values[3] : 255)
    }

    public static let white = SlideColor(red: 255, green: 255, blue: 255)
    public static let black = SlideColor(red: 0, green: 0, blue: 0)

    /// `#rrggbb`, lower case, without alpha.
    public var hexRGB: String {
        "#" + [red, green, blue].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Alpha as an SVG opacity (0…1).
    var opacity: Double { Double(alpha) / 255 }
}
