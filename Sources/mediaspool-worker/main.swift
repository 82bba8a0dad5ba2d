import WorkerCommand

// The worker alone: the daemon starts it as `mediaspool-worker work --serve …`, the same words
// `mediaspool work` takes. Without the HTTP server, the ledger, callbacks and the command line
// of the daemon linked in, a worker maps and touches far less code than the whole binary.
var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "work" { arguments.removeFirst() }
WorkCommand.main(arguments)
