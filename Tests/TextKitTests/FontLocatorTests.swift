import Foundation
import Testing
import TextKit

@Suite("Font lookup")
struct FontLocatorTests {
    @Test func findsDejaVuSans() throws {
        let file = try FontLocator.locate(family: "DejaVu Sans")
        #expect(file.family == "DejaVu Sans")
        #expect(FileManager.default.fileExists(atPath: file.path))
        #expect(file.path.hasSuffix(".ttf"))
        #expect(file.bold == false)
    }

    @Test func findsTheBoldFace() throws {
        let regular = try FontLocator.locate(family: "DejaVu Sans")
        let bold = try FontLocator.locate(family: "dejavu sans", bold: true)
        #expect(bold.family == "DejaVu Sans")
        #expect(bold.bold)
        #expect(bold.path != regular.path)
    }

    @Test func rejectsAnUnknownFamilyListingInstalledOnes() {
        let error = #expect(throws: TextKitError.self) { try FontLocator.locate(family: "No Such Font 123") }
        #expect(error?.code == .fontNotFound)
        #expect(error?.message.contains("No Such Font 123") == true)
        #expect(error?.message.contains("DejaVu") == true)
    }

    @Test(arguments: ["sans-serif", "serif", "monospace"])
    func genericFamiliesResolveToAConcreteOne(_ generic: String) throws {
        let file = try FontLocator.locate(family: generic)
        #expect(file.family != generic)
        #expect(!file.family.isEmpty)
        #expect(FileManager.default.fileExists(atPath: file.path))
        #expect((try? FontFace(file: file)) != nil)
    }

    @Test func unreadableFontFileThrows() {
        let error = #expect(throws: TextKitError.self) {
            try FontFace(file: FontFile(path: "/etc/hostname", family: "Nothing"))
        }
        #expect(error?.code == .fontUnreadable)
    }
}
