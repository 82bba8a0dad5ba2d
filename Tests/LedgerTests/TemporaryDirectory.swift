import Foundation
import SpoolCore

/// A fresh folder under the system temp dir, removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init(_ label: String = "spooltest") {
        let base = FileManager.default.temporaryDirectory.path + "/\(label)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A new spool inside this folder, initialised.
    func makeSpool() throws -> SpoolLayout {
        let layout = SpoolLayout(root: path + "/spool")
        try layout.create()
        return layout
    }
}
