/// The JSON Schema (draft 2020-12) of job files, version 1, as `mediaspool schema` prints it.
/// It describes the format; the validator adds what a schema cannot say (paths must stay
/// inside the allowed roots, MPEG bit rates that fit the sample rate, `end ≥ start` in
/// transcripts, kinds this build runs). A test checks that both agree on sample files.
public enum JobSchema {
    public static let text = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "urn:mediaspool:job:v1",
          "title": "mediaspool job file, version 1",
          "description": "Drop one such object as <spool>/inbox/<name>.json. Unknown fields are kept.",
          "type": "object",
          "required": ["kind"],
          "properties": {
            "version": {"const": 1},
            "id": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
                   "description": "Default: the file name without .json."},
            "kind": {"enum": ["mp3", "concat", "page", "mp4", "carousel"]},
            "input": {"$ref": "#/$defs/input"},
            "audioUrl": {"$ref": "#/$defs/input"},
            "inputs": {"type": "array", "maxItems": 1000, "items": {"$ref": "#/$defs/input"}},
            "transcript": {
              "oneOf": [
                {"type": "null"},
                {"type": "string"},
                {"type": "object", "required": ["segments"], "properties": {
                  "segments": {"type": "array", "items": {
                    "type": "object", "required": ["start", "end", "text"],
                    "properties": {
                      "start": {"type": "number", "minimum": 0},
                      "end": {"type": "number", "minimum": 0},
                      "text": {"type": "string"}}}}}}
              ]
            },
            "transcriptFile": {"type": ["string", "null"], "maxLength": 1024},
            "transcriptId": {"type": ["string", "null"], "maxLength": 1024},
            "templateId": {"type": ["string", "null"], "maxLength": 1024},
            "style": {"type": ["object", "null"]},
            "options": {
              "type": ["object", "null"],
              "properties": {
                "bitrate": {"enum": [null, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 192, 224, 256, 320],
                            "description": "CBR kbit/s (default 128); ignored when vbrQuality is set."},
                "vbrQuality": {"type": ["integer", "null"], "minimum": 0, "maximum": 9},
                "sampleRate": {"enum": [null, 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]},
                "channels": {"enum": [null, 1, 2]},
                "normalize": {"type": ["boolean", "null"]},
                "gapMs": {"type": ["integer", "null"], "minimum": 0, "maximum": 60000}
              }
            },
            "tags": {
              "type": ["object", "null"],
              "additionalProperties": {"oneOf": [{"type": "string", "maxLength": 4096}, {"type": "number"}, {"type": "null"}]}
            },
            "priority": {"type": ["integer", "null"], "minimum": -100, "maximum": 100,
                         "description": "Higher runs first; default 0."},
            "maxAttempts": {"type": ["integer", "null"], "minimum": 1, "maximum": 20},
            "timeoutSeconds": {"type": ["integer", "null"], "minimum": 1, "maximum": 86400},
            "callbackUrl": {"type": ["string", "null"], "pattern": "^https?://", "maxLength": 2048},
            "userId": {"type": ["string", "null"], "maxLength": 256}
          },
          "allOf": [
            {"if": {"properties": {"kind": {"enum": ["mp3", "mp4"]}}, "required": ["kind"]},
             "then": {"anyOf": [{"required": ["input"]}, {"required": ["audioUrl"]}], "not": {"required": ["inputs"]}}},
            {"if": {"properties": {"kind": {"enum": ["concat", "page"]}}, "required": ["kind"]},
             "then": {"required": ["inputs"], "properties": {"inputs": {"minItems": 1}},
                      "not": {"anyOf": [{"required": ["input"]}, {"required": ["audioUrl"]}]}}},
            {"if": {"properties": {"kind": {"const": "carousel"}}, "required": ["kind"]},
             "then": {"not": {"required": ["inputs"]}}}
          ],
          "$defs": {
            "input": {
              "type": "string", "minLength": 1, "maxLength": 4096,
              "description": "A path relative to media/, an absolute path or file:// URL inside an allowed root, or an http(s):// URL.",
              "not": {"pattern": "(^|/)\\.\\.(/|$)"}
            }
          }
        }

        """#
}
