import Testing

@testable import HTTPView

@Suite("files route helpers")
struct FileHelpersTests {
    @Test func httpDateFormatsIMFFixdate() {
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(HTTPDate.format(4_102_444_799) == "Thu, 31 Dec 2099 23:59:59 GMT")
    }

    @Test func httpDateParsesTheThreeForms() {
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == 784_111_777)
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994") == 784_111_777)
        #expect(HTTPDate.parse("Sun Nov 16 08:49:37 1994") == 784_975_777)
        for invalid in [
            "", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 nov 1994 08:49:37 GMT", "Sun, 31 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06 Nov 1994 08:49:37 GMT", "1994-11-06",
        ] {
            #expect(HTTPDate.parse(invalid) == nil, "\(invalid)")
        }
    }

    @Test func httpDateRoundTrips() {
        for seconds: Int64 in [0, 1, 86_399, 86_400, 1_704_164_645, 253_402_300_799] {
            #expect(HTTPDate.parse(HTTPDate.format(seconds)) == seconds)
        }
    }

    @Test func byteRanges() {
        #expect(ByteRange.parse(nil, size: 10) == .full)
        #expect(ByteRange.parse("bytes=0-0", size: 10) == .partial(0...0))
        #expect(ByteRange.parse("bytes=-3", size: 10) == .partial(7...9))
        #expect(ByteRange.parse("bytes=2-", size: 10) == .partial(2...9))
        #expect(ByteRange.parse("bytes=2-100", size: 10) == .partial(2...9))
        #expect(ByteRange.parse("bytes=, 2-3 ,", size: 10) == .partial(2...3))
        #expect(ByteRange.parse("bytes=10-", size: 10) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=-0", size: 10) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=0-", size: 0) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=-5", size: 0) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=99999999999999999999-", size: 10) == .unsatisfiable)
        for ignored in ["bytes=3-2", "bytes=a-b", "bytes=-", "bytes=1", "bytes=+1-2", "bytes=1-2,3-4", "bits=1-2", "bytes 1-2", "bytes="] {
            #expect(ByteRange.parse(ignored, size: 10) == .full, "\(ignored)")
        }
    }

    @Test func entityTagConditions() {
        let tag = EntityTag(isWeak: false, opaque: "abc")
        #expect(EntityTag.Condition("\"abc\"")?.matchesWeakly(tag) == true)
        #expect(EntityTag.Condition("W/\"abc\"")?.matchesWeakly(tag) == true)
        #expect(EntityTag.Condition(" \"x\" ,  \"abc\"")?.matchesWeakly(tag) == true)
        #expect(EntityTag.Condition("*") == .any)
        #expect(EntityTag.Condition("\"x\"")?.matchesWeakly(tag) == false)
        #expect(EntityTag.Condition("abc") == nil)
        #expect(EntityTag.Condition("\"a\" \"abc\"") == nil)
        #expect(EntityTag(parsing: "\"abc\"")?.stronglyMatches(tag) == true)
        #expect(EntityTag(parsing: "W/\"abc\"")?.stronglyMatches(tag) == false)
    }

    @Test func servedNames() {
        #expect(ServedName.decode("a%20b.mp3") == "a b.mp3")
        #expect(ServedName.decode("%C3%A9t%C3%A9.mp3") == "été.mp3")
        for refused: Substring in [
            "", ".", "..", "%2e%2e", ".hidden", "a%2fb", "a/b", "a%5Cb", "a\\b", "a%00b", "a%0Ab", "x.part", "%zz", "%2", "%C3",
        ] {
            #expect(ServedName.decode(refused) == nil, "\(refused)")
        }
    }

    @Test func contentDisposition() {
        #expect(ContentDisposition.inline(filename: "a b.mp3") == "inline; filename=\"a b.mp3\"")
        #expect(ContentDisposition.inline(filename: "é\".mp3") == "inline; filename=\"__.mp3\"; filename*=UTF-8''%C3%A9%22.mp3")
    }
}
