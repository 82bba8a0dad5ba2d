import ArgumentParser
import SpoolCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a spool's folders (inbox, pending, processing, done, failed, hold, media, templates).")

    @OptionGroup var spool: SpoolOptions

    func run() throws {
        let layout = spool.layout
        do {
            try layout.create()
        } catch {
            throw ValidationError(error.message)
        }
        print("spool ready at \(layout.root)")
    }
}
