/// One line of JSON the daemon writes on a worker's stdin: run the job in this folder.
public struct WorkerRequest: Codable, Sendable, Equatable {
    /// The job's folder in `processing/`.
    public var jobDir: String
    /// CPU seconds this job may use (RLIMIT_CPU is raised by this much for it).
    public var cpuSeconds: Int

    public init(jobDir: String, cpuSeconds: Int) {
        self.jobDir = jobDir
        self.cpuSeconds = cpuSeconds
    }
}
