import Testing

@testable import Worker

@Suite("URLFetcher hosts and addresses")
struct FetchPolicyTests {
    @Test func hostsMatchExactlyOrBySubdomainWildcard() {
        let hosts = ["media.example.com", "*.cdn.example.net", "192.0.2.7", "[2001:db8::7]"]
        for allowed in ["media.example.com", "MEDIA.Example.COM", "media.example.com.", "a.cdn.example.net", "a.b.cdn.example.net"] {
            #expect(FetchPolicy.isAllowed(host: allowed, in: hosts), "\(allowed)")
        }
        for refused in ["example.com", "xmedia.example.com", "media.example.com.evil.org", "cdn.example.net", "acdn.example.net", ""] {
            #expect(!FetchPolicy.isAllowed(host: refused, in: hosts), "\(refused)")
        }
        #expect(FetchPolicy.isAllowed(host: "192.0.2.7", in: hosts))
        #expect(FetchPolicy.isAllowed(host: "[2001:0db8:0:0::7]", in: hosts))
        #expect(!FetchPolicy.isAllowed(host: "192.0.2.8", in: hosts))
        #expect(!FetchPolicy.isAllowed(host: "anything", in: []))
        #expect(FetchPolicy.match(host: "a.cdn.example.net", in: hosts) == .wildcard)
        #expect(FetchPolicy.match(host: "media.example.com", in: hosts) == .exact)
    }

    @Test func wildcardsNeverMatchIPLiteralsOrNonASCIINames() {
        #expect(!FetchPolicy.isAllowed(host: "127.0.0.1", in: ["*", "*.0.0.1"]))
        #expect(!FetchPolicy.isAllowed(host: "[::1]", in: ["*"]))
        #expect(FetchPolicy.isAllowed(host: "any.name", in: ["*"]))
        #expect(!FetchPolicy.isAllowed(host: "méd.example.com", in: ["*.example.com", "méd.example.com"]))
    }

    @Test func onlyGlobalUnicastAddressesArePublic() {
        for text in ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"] {
            #expect(IPAddress(literal: text)?.isPublic == true, "\(text)")
        }
        let nonPublic = [
            "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
            "224.0.0.1", "255.255.255.255", "192.0.2.1", "::1", "::", "fe80::1", "fd00::1", "ff02::1", "::ffff:127.0.0.1",
            "::ffff:169.254.169.254", "64:ff9b::a00:1", "2002:7f00:1::", "2001:db8::1",
        ]
        for text in nonPublic {
            #expect(IPAddress(literal: text)?.isPublic == false, "\(text)")
        }
        #expect(IPAddress(literal: "172.32.0.1")?.isPublic == true)
        #expect(IPAddress(literal: "2001:0db8:0000::0001")?.description == "2001:db8::1")
        #expect(IPAddress(literal: "::1")?.resolveText == "[::1]")
    }

    @Test func urlsAreRedactedOfUserInformationAndQueryValues() throws {
        let url = try FetchURL.parse("https://user:pw@Media.Example.com./a/b.mp3?x=1", field: "input")
        #expect(url.redacted == "https://Media.Example.com/a/b.mp3?x=redacted")
        #expect(url.text == "https://user:pw@Media.Example.com/a/b.mp3?x=1")
        #expect(url.host == "Media.Example.com")
        #expect(url.port == 443)
        // A presigned URL: its query is a credential until it expires.
        let presigned = try FetchURL.parse(
            "https://bucket.s3.amazonaws.com/ep42.wav?X-Amz-Credential=AKIAEXAMPLE%2F20261123&X-Amz-Signature=0f3a9c&token#frag",
            field: "input")
        #expect(
            presigned.redacted == "https://bucket.s3.amazonaws.com/ep42.wav?X-Amz-Credential=redacted&X-Amz-Signature=redacted&redacted")
        #expect(presigned.text.contains("X-Amz-Signature=0f3a9c"), "curl still fetches the real URL")
        #expect(FetchURL.redact("http://a:b@c d/e@f") == "http://c d/e@f")
        #expect(FetchURL.redact("http://a:b@c d/e?sig=xyz&&k#f") == "http://c d/e?sig=redacted&&redacted")
        #expect(FetchURL.redact("no scheme at all") == "no scheme at all")
        #expect(throws: FetchFailure.self) { try FetchURL.parse("http://user:pw@bad host/", field: "input") }
    }
}
