/// The OpenAPI 3.1 description of this view, served at `GET /openapi.json`. A test requests
/// every path it lists from a live server and validates each answer against these schemas.
/// `base` describes the `open` view; ``json(for:)`` adapts it to the access mode in force.
enum OpenAPIDocument {
    static let base = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "mediaspool HTTP view",
            "version": "1",
            "description": "Read-only view of a mediaspool spool: jobs from the ledger, job status, live events, outputs, health and metrics. Every method other than GET and HEAD answers 405."
          },
          "paths": {
            "/api/jobs": {
              "get": {
                "summary": "List jobs, newest first",
                "description": "Every parameter is optional. A typed one that is given must be valid, even empty (`state=` is 400); `user` and `batch` take any text, and an empty one is no filter.",
                "parameters": [
                  {"name": "state", "in": "query", "description": "Only jobs in this state folder (removed: gone, kept in the ledger)", "schema": {"type": "string", "enum": ["pending", "processing", "done", "failed", "hold", "removed"]}},
                  {"name": "kind", "in": "query", "description": "Only jobs of this kind (page is concat)", "schema": {"type": "string", "enum": ["mp3", "concat", "page", "mp4", "carousel"]}},
                  {"name": "user", "in": "query", "description": "Only jobs with this userId; empty: all", "schema": {"type": "string"}},
                  {"name": "batch", "in": "query", "schema": {"type": "string"}, "description": "Only the jobs of this batch file (its name without .json); empty: all"},
                  {"name": "since", "in": "query", "description": "Only jobs created at or after this UTC time: YYYY-MM-DDTHH:MM:SSZ with 0 to 9 fraction digits, as status.json writes times (no offsets)", "schema": {"type": "string", "format": "date-time", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?Z$"}},
                  {"name": "limit", "in": "query", "description": "Jobs per page", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 50}},
                  {"name": "cursor", "in": "query", "description": "The nextCursor of the previous page, as given", "schema": {"type": "string", "pattern": "^[0-9]{1,18}\\.[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"}}
                ],
                "responses": {
                  "200": {"description": "A page of jobs", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobList"}}}},
                  "400": {"description": "A parameter that is not valid: the error names it (and, for state and kind, every value it takes)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "503": {"description": "The ledger is being created or rebuilt", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
              }
            },
            "/api/jobs/{id}": {
              "get": {
                "summary": "A job's status.json",
                "parameters": [{"$ref": "#/components/parameters/JobId"}],
                "responses": {
                  "200": {"description": "The status", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobStatus"}}}},
                  "404": {"description": "No such job", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
              }
            },
            "/api/export/{id}/status": {
              "get": {
                "summary": "The old export service's status path: the same as /api/jobs/{id}",
                "parameters": [{"$ref": "#/components/parameters/JobId"}],
                "responses": {
                  "200": {"description": "The status", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobStatus"}}}},
                  "404": {"description": "No such job", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
              }
            },
            "/api/events": {
              "get": {
                "summary": "Server-sent events: every transition and progress report",
                "description": "Each message has `id: <seq>`, `event: job` and `data: <Event>`. Send Last-Event-ID (or ?after=SEQ) to resume; without it the stream starts now.",
                "parameters": [
                  {"name": "Last-Event-ID", "in": "header", "description": "The id of the last event received; ignored unless a whole number", "schema": {"type": "string"}},
                  {"name": "after", "in": "query", "description": "Start after this event's seq", "schema": {"type": "integer", "minimum": 0, "maximum": 9223372036854775807}},
                  {"name": "job", "in": "query", "description": "Only this job's events; empty: all", "schema": {"type": "string"}}
                ],
                "responses": {
                  "200": {"description": "An endless event stream", "content": {"text/event-stream": {"schema": {"type": "string"}, "x-event-data": {"$ref": "#/components/schemas/Event"}}}},
                  "400": {"description": "after is not a whole number from 0", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
              }
            },
            "/files/{id}/{name}": {
              "get": {
                "summary": "An output of a done or failed job (Range, ETag, Last-Modified, HEAD)",
                "parameters": [
                  {"$ref": "#/components/parameters/JobId"},
                  {"name": "name", "in": "path", "required": true, "schema": {"type": "string"}},
                  {"name": "Range", "in": "header", "schema": {"type": "string"}},
                  {"name": "If-None-Match", "in": "header", "schema": {"type": "string"}},
                  {"name": "If-Modified-Since", "in": "header", "schema": {"type": "string"}}
                ],
                "responses": {
                  "200": {"description": "The whole file"},
                  "206": {"description": "A single byte range"},
                  "304": {"description": "Not modified"},
                  "404": {"description": "No such output"},
                  "416": {"description": "Range not satisfiable; Content-Range: bytes */size"}
                }
              }
            },
            "/healthz": {
              "get": {
                "summary": "Health: 200 when healthy, 503 with the reasons otherwise",
                "responses": {
                  "200": {"description": "Healthy", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}},
                  "503": {"description": "Unhealthy", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}
                }
              }
            },
            "/metrics": {
              "get": {
                "summary": "Prometheus metrics",
                "responses": {"200": {"description": "Prometheus text format 0.0.4", "content": {"text/plain": {"schema": {"type": "string"}}}}}
              }
            },
            "/openapi.json": {
              "get": {
                "summary": "This document",
                "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}
              }
            },
            "/": {
              "get": {
                "summary": "The dashboard (HTML; filters: state, user, cursor)",
                "responses": {"200": {"description": "HTML page", "content": {"text/html": {"schema": {"type": "string"}}}}}
              }
            }
          },
          "components": {
            "parameters": {
              "JobId": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"}}
            },
            "schemas": {
              "Error": {
                "type": "object", "required": ["error"],
                "properties": {
                  "error": {"type": "string", "description": "What went wrong, for people"},
                  "parameter": {"type": "string", "description": "The query parameter refused (400)"},
                  "accepted": {"type": "array", "items": {"type": "string"}, "description": "Every value the parameter takes, when it is a choice"}
                }
              },
              "Output": {
                "type": "object",
                "required": ["name", "size", "sha256", "mimeType"],
                "properties": {
                  "name": {"type": "string"}, "size": {"type": "integer"}, "sha256": {"type": "string"},
                  "mimeType": {"type": "string"}, "durationSeconds": {"type": ["number", "null"]}
                }
              },
              "JobStatus": {
                "type": "object",
                "required": ["jobId", "kind", "status", "phase", "progress", "attempts", "maxAttempts", "estimatedSeconds", "outputUrl",
                  "outputSize", "outputs", "error", "errorCode", "errorField", "createdAt", "startedAt", "completedAt", "nextAttemptAt",
                  "updatedAt", "priority", "userId", "source", "input", "resources", "workerPid"],
                "properties": {
                  "jobId": {"type": "string"},
                  "kind": {"type": ["string", "null"]},
                  "status": {"type": "string", "enum": ["pending", "processing", "completed", "failed"]},
                  "phase": {"type": ["string", "null"]},
                  "progress": {"type": "number", "minimum": 0, "maximum": 1},
                  "attempts": {"type": "integer"},
                  "maxAttempts": {"type": "integer"},
                  "estimatedSeconds": {"type": ["integer", "null"]},
                  "outputUrl": {"type": ["string", "null"]},
                  "outputSize": {"type": ["integer", "null"]},
                  "outputs": {"type": "array", "items": {"$ref": "#/components/schemas/Output"}},
                  "error": {"type": ["string", "null"]},
                  "errorCode": {"type": ["string", "null"]},
                  "errorField": {"type": ["string", "null"]},
                  "problems": {"type": "array"},
                  "lastError": {"type": ["string", "null"]},
                  "createdAt": {"type": "string"},
                  "startedAt": {"type": ["string", "null"]},
                  "completedAt": {"type": ["string", "null"]},
                  "nextAttemptAt": {"type": ["string", "null"]},
                  "updatedAt": {"type": "string"},
                  "priority": {"type": "integer"},
                  "userId": {"type": ["string", "null"]},
                  "source": {"type": ["object", "null"]},
                  "input": {"type": ["object", "null"]},
                  "resources": {"type": ["object", "null"]},
                  "workerPid": {"type": ["integer", "null"]},
                  "batchId": {"type": ["string", "null"], "description": "The batch file this job came from (its name without .json)"},
                  "batchIndex": {"type": ["integer", "null"], "minimum": 1},
                  "export": {"type": ["object", "null"], "description": "How the output was made: format, mode (transcode, copy, reencode), codec, chapters, parts",
                    "properties": {"format": {"type": "string"}, "mode": {"type": "string", "enum": ["transcode", "copy", "reencode"]},
                      "chapters": {"type": ["array", "null"]}, "parts": {"type": ["array", "null"]}}},
                  "loudness": {"type": ["object", "null"], "description": "EBU R128 target, input and output loudness"},
                  "cache": {"type": ["object", "null"], "description": "Result-cache key and whether the outputs were reused",
                    "properties": {"key": {"type": "string"}, "hit": {"type": "boolean"}, "sourceJobId": {"type": ["string", "null"]}}},
                  "fetched": {"type": ["array", "null"], "description": "URL inputs fetched"},
                  "video": {"type": ["object", "null"], "description": "Audiograms: size, width, height, fps, codecs, preset, crf, frames, durations, captions burned and soft, poster"},
                  "carousel": {"type": ["object", "null"], "description": "Carousels: slides, size, font and its file, png, the index file (carousel.json)"},
                  "transcript": {"type": ["object", "null"], "description": "Where captions or slides came from: source (segments, text, vtt, srt, json), segments, transcriptId, file"}
                }
              },
              "JobItem": {
                "allOf": [
                  {"$ref": "#/components/schemas/JobStatus"},
                  {"type": "object", "required": ["state"], "properties": {"state": {"type": "string", "enum": ["pending", "processing", "done", "failed", "hold", "removed"]}}}
                ]
              },
              "JobList": {
                "type": "object",
                "required": ["jobs", "nextCursor", "counts"],
                "properties": {
                  "jobs": {"type": "array", "items": {"$ref": "#/components/schemas/JobItem"}},
                  "nextCursor": {"type": ["string", "null"]},
                  "counts": {"type": "object", "additionalProperties": {"type": "integer"}}
                }
              },
              "Event": {
                "type": "object",
                "required": ["seq", "jobId", "type", "state", "at"],
                "properties": {
                  "seq": {"type": "integer"}, "jobId": {"type": "string"},
                  "type": {"type": "string", "enum": ["accepted", "rejected", "started", "progress", "retrying", "requeued", "retried", "completed", "failed", "cancelled", "changed", "removed"]},
                  "state": {"type": ["string", "null"]}, "at": {"type": "string"}, "attempt": {"type": ["integer", "null"]},
                  "progress": {"type": ["number", "null"]}, "phase": {"type": ["string", "null"]},
                  "estimatedSeconds": {"type": ["integer", "null"]}, "errorCode": {"type": ["string", "null"]}, "message": {"type": ["string", "null"]}
                }
              },
              "Health": {
                "type": "object",
                "required": ["status", "reasons", "checks", "time"],
                "properties": {
                  "status": {"type": "string", "enum": ["ok", "unhealthy"]},
                  "reasons": {"type": "array", "items": {"type": "string"}},
                  "checks": {"type": "object", "additionalProperties": {"type": "string"}},
                  "time": {"type": "string"}
                }
              }
            }
          }
        }
        """#
}
