import ArgumentParser
import SpoolCore

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schema", abstract: "Print the JSON Schema of job files (version 1).")

    func run() {
        print(JobSchema.text, terminator: "")
    }
}
