import HTTPTypes

/// Header names HTTPTypes does not predefine.
extension HTTPField.Name {
    static let lastEventID = Self("Last-Event-ID")!
    static let accelBuffering = Self("X-Accel-Buffering")!
    static let contentTypeOptions = Self("X-Content-Type-Options")!
    static let frameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
