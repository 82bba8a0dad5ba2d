/// What a measured speed applies to: a kind, and the options (`Job.optionsKey`) or any (nil).
public struct WorkRatioKey: Hashable, Sendable {
    public var kind: String
    public var optionsKey: String?

    public init(kind: String, optionsKey: String?) {
        self.kind = kind
        self.optionsKey = optionsKey
    }
}
