import SpoolCore
import Testing

@testable import Callbacks

@Suite("Callback signatures")
struct CallbackSignatureTests {
    /// RFC 4231, test case 2: a short key and message.
    @Test func hmacSHA256KnownVector() {
        let hex = CallbackSignature.hmacHex(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(hex == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    /// RFC 4231, test case 6: a key longer than the block size is hashed first.
    @Test func hmacSHA256LongKeyVector() {
        let hex = CallbackSignature.hmacHex(
            key: [UInt8](repeating: 0xaa, count: 131), message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
        #expect(hex == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    /// The header signs "<timestamp>.<body>", so the same body at another time has another signature.
    @Test func signatureCoversTimestampAndBody() {
        let body = Array(#"{"jobId": "ep42", "status": "completed"}"#.utf8)
        let secret = Array("s3cret".utf8)
        let signature = CallbackSignature.sign(body: body, timestamp: 1_700_000_000, secret: secret)
        #expect(signature == "sha256=" + CallbackSignature.hmacHex(key: secret, message: Array("1700000000.".utf8) + body))
        #expect(CallbackSignature.isValid(signature, body: body, timestamp: 1_700_000_000, secret: secret))
        #expect(!CallbackSignature.isValid(signature, body: body, timestamp: 1_700_000_001, secret: secret))
        #expect(!CallbackSignature.isValid(signature, body: body + [32], timestamp: 1_700_000_000, secret: secret))
        #expect(!CallbackSignature.isValid(signature, body: body, timestamp: 1_700_000_000, secret: Array("other".utf8)))
    }

    @Test func unsignedWithoutSecret() {
        let delivery = CallbackDelivery(
            marker: .init(url: "http://127.0.0.1/x", deliveryId: "d1"), jobId: "ep42", state: .done, body: Array("{}".utf8))
        let unsigned = CallbackSender(settings: CallbackSettings()).headers(for: delivery, attempt: 2, timestamp: 5)
        #expect(!unsigned.contains { $0.hasPrefix("X-Mediaspool-Signature") })
        #expect(unsigned.contains("X-Mediaspool-Job: ep42"))
        #expect(unsigned.contains("X-Mediaspool-Delivery: d1"))
        #expect(unsigned.contains("X-Mediaspool-Attempt: 2"))
        #expect(unsigned.contains("X-Mediaspool-Timestamp: 5"))
        let signed = CallbackSender(settings: CallbackSettings(secret: Array("k".utf8))).headers(for: delivery, attempt: 1, timestamp: 5)
        #expect(
            signed.contains(
                "X-Mediaspool-Signature: " + CallbackSignature.sign(body: Array("{}".utf8), timestamp: 5, secret: Array("k".utf8))))
    }
}
