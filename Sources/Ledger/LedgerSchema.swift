import GRDB

/// The ledger's tables, as numbered migrations. `job` holds one row per job, a function of its
/// folder and `status.json` (so `reindex` can rebuild it); `event` is append-only history that
/// outlives the folders; `daemon` is the running daemon's heartbeat, for `serve`'s `/healthz`.
/// Times are microseconds since the epoch.
enum LedgerSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE job (
                        id TEXT PRIMARY KEY NOT NULL,
                        kind TEXT,
                        state TEXT NOT NULL,
                        status TEXT NOT NULL,
                        userId TEXT,
                        priority INTEGER NOT NULL,
                        attempts INTEGER NOT NULL,
                        maxAttempts INTEGER NOT NULL,
                        submittedBy INTEGER,
                        inputSeconds REAL,
                        outputSize INTEGER,
                        workSeconds REAL,
                        cpuSeconds REAL,
                        peakMemoryBytes INTEGER,
                        createdAt INTEGER NOT NULL,
                        startedAt INTEGER,
                        completedAt INTEGER,
                        updatedAt INTEGER NOT NULL,
                        errorCode TEXT,
                        optionsKey TEXT,
                        removedAt INTEGER,
                        statusJSON TEXT NOT NULL
                    );
                    CREATE INDEX job_by_created ON job(createdAt, id);
                    CREATE INDEX job_by_state ON job(state, createdAt, id);
                    CREATE INDEX job_by_user ON job(userId, createdAt, id);
                    CREATE INDEX job_by_kind ON job(kind, createdAt, id);
                    CREATE INDEX job_by_completion ON job(completedAt);
                    CREATE INDEX job_by_options ON job(kind, optionsKey, completedAt);
                    CREATE TABLE event (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        jobId TEXT NOT NULL,
                        type TEXT NOT NULL,
                        state TEXT,
                        at INTEGER NOT NULL,
                        attempt INTEGER,
                        progress REAL,
                        phase TEXT,
                        estimatedSeconds INTEGER,
                        errorCode TEXT,
                        message TEXT
                    );
                    CREATE INDEX event_by_job ON event(jobId, seq);
                    CREATE INDEX event_by_type_time ON event(type, at);
                    CREATE TABLE daemon (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        pid INTEGER NOT NULL,
                        startedAt INTEGER NOT NULL,
                        heartbeatAt INTEGER NOT NULL,
                        watcherAlive INTEGER NOT NULL,
                        watcherPolling INTEGER NOT NULL,
                        workers INTEGER NOT NULL,
                        busyWorkers INTEGER NOT NULL,
                        queued INTEGER NOT NULL,
                        stoppedAt INTEGER
                    );
                    """)
        }
        // Batches (a job file holding an array): list a batch's jobs by its id.
        migrator.registerMigration("v2-batches") { db in
            try db.execute(
                sql: """
                    ALTER TABLE job ADD COLUMN batchId TEXT;
                    CREATE INDEX job_by_batch ON job(batchId, createdAt, id);
                    """)
        }
        // Callbacks: every try to deliver a job's callback (history, like `event`: the folders
        // hold only the deliveries still to be made, in `.callbacks/`).
        migrator.registerMigration("v3-callbacks") { db in
            try db.execute(
                sql: """
                    CREATE TABLE callback_attempt (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        deliveryId TEXT NOT NULL,
                        jobId TEXT NOT NULL,
                        url TEXT NOT NULL,
                        attempt INTEGER NOT NULL,
                        at INTEGER NOT NULL,
                        durationSeconds REAL NOT NULL,
                        httpStatus INTEGER,
                        error TEXT,
                        outcome TEXT NOT NULL,
                        nextAttemptAt INTEGER
                    );
                    CREATE INDEX callback_attempt_by_job ON callback_attempt(jobId, seq);
                    """)
        }
        // The daemon's wait for disk space, for `serve`'s `/healthz`.
        migrator.registerMigration("v4-disk-wait") { db in
            try db.execute(sql: "ALTER TABLE daemon ADD COLUMN diskWait TEXT")
        }
        return migrator
    }
}
