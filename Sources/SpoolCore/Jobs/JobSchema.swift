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
          "description": "Drop one such object as <spool>/inbox/<name>.json, or an array of them (a batch: each element becomes its own job, named <name>-<n> unless it has an id). Unknown fields are kept.",
          "oneOf": [
            {"$ref": "#/$defs/job"},
            {"type": "array", "minItems": 1, "maxItems": 10000, "items": {"$ref": "#/$defs/job"}}
          ],
          "$defs": {
            "job": {
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
            "style": {"type": ["object", "null"], "$ref": "#/$defs/style",
                      "description": "mp4 and carousel: laid over templates/<templateId>.json and the built-in defaults. Other keys are kept and not used."},
            "options": {
              "type": ["object", "null"],
              "properties": {
                "format": {"enum": [null, "mp3", "m4a", "opus", "flac", "wav"], "description": "Default mp3."},
                "quality": {"enum": [null, "voice", "standard", "high"]},
                "mode": {"enum": [null, "copy", "reencode", "auto"], "description": "Page exports only; default auto."},
                "bitrate": {"type": ["integer", "null"], "minimum": 6, "maximum": 512,
                            "description": "kbit/s: MP3 8…320 in LAME's steps (CBR, default 128), AAC 16…512, Opus 6…510; not for flac/wav."},
                "vbrQuality": {"type": ["integer", "null"], "minimum": 0, "maximum": 9, "description": "MP3 only: LAME -V."},
                "sampleRate": {"enum": [null, 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000, 176400, 192000]},
                "channels": {"enum": [null, 1, 2]},
                "normalize": {"oneOf": [
                  {"type": ["boolean", "null"]},
                  {"type": "object", "additionalProperties": false, "properties": {
                    "integratedLufs": {"type": "number", "minimum": -70, "maximum": -5},
                    "truePeakDbtp": {"type": "number", "minimum": -9, "maximum": 0}}}
                ]},
                "gapMs": {"type": ["integer", "null"], "minimum": 0, "maximum": 60000},
                "outputName": {"type": ["string", "null"], "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"},
                "cache": {"type": ["boolean", "null"]},
                "chapters": {"type": ["boolean", "null"]},
                "preset": {"enum": [null, "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"],
                           "description": "mp4: libx264 preset; default veryfast."},
                "crf": {"type": ["integer", "null"], "minimum": 0, "maximum": 51, "description": "mp4: libx264 CRF; default 23."},
                "poster": {"type": ["boolean", "number", "null"], "minimum": 0,
                           "description": "mp4: a PNG poster beside the video (default true: the middle of the first caption), or its time in seconds."},
                "captions": {"enum": [null, "both", "burned", "soft", "none"], "description": "mp4: default both."},
                "png": {"type": ["boolean", "null"], "description": "carousel: PNG renderings beside the SVG slides; default true."},
                "maxSlides": {"type": ["integer", "null"], "minimum": 1, "maximum": 1000, "description": "carousel: default 100."}
              }
            },
            "chapters": {"type": "array", "maxItems": 1000, "items": {"type": "string", "maxLength": 1024},
                         "description": "Page exports: one chapter title per input."},
            "tags": {
              "type": ["object", "null"],
              "additionalProperties": {"oneOf": [{"type": "string", "maxLength": 4096}, {"type": "number"}, {"type": "null"}]}
            },
            "priority": {"type": ["integer", "null"], "minimum": -100, "maximum": 100,
                         "description": "Higher runs first, then earlier arrival. Default by kind: 10 for mp3 and concat/page, -10 for mp4 and carousel (audio before video); a priority given here always wins."},
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
             "then": {"not": {"required": ["inputs"]}}},
            {"if": {"properties": {"kind": {"enum": ["mp3", "concat", "page"]}}, "required": ["kind"]},
             "then": {"properties": {"priority": {"default": 10}}}},
            {"if": {"properties": {"kind": {"enum": ["mp4", "carousel"]}}, "required": ["kind"]},
             "then": {"properties": {"priority": {"default": -10}}}}
          ]
            },
            "style": {
              "type": "object",
              "properties": {
                "size": {"enum": ["landscape", "square", "portrait"], "description": "1280×720, 1080×1080, 1080×1920."},
                "fps": {"enum": [25, 30]},
                "backgroundColor": {"$ref": "#/$defs/color"},
                "backgroundImage": {"$ref": "#/$defs/image"},
                "waveformColor": {"$ref": "#/$defs/color"},
                "waveformStyle": {"enum": ["bars", "wave", "none"]},
                "font": {"type": "string", "minLength": 1, "maxLength": 128, "description": "A fontconfig family, e.g. DejaVu Sans."},
                "fontSize": {"type": "integer", "minimum": 12, "maximum": 200},
                "textColor": {"$ref": "#/$defs/color"},
                "accentColor": {"$ref": "#/$defs/color"},
                "captionPosition": {"enum": ["top", "middle", "bottom"]},
                "captionBackground": {"$ref": "#/$defs/color"},
                "logo": {"$ref": "#/$defs/image"},
                "logoPosition": {"enum": ["top-left", "top-right", "bottom-left", "bottom-right"]}
              }
            },
            "color": {"type": "string", "pattern": "^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$"},
            "image": {"type": "string", "maxLength": 1024, "pattern": "\\.([Pp][Nn][Gg]|[Jj][Pp][Ee]?[Gg])$",
                      "description": "A PNG or JPEG relative to templates/.", "not": {"pattern": "(^/|(^|/)\\.)"}},
            "input": {
              "type": "string", "minLength": 1, "maxLength": 4096,
              "description": "A path relative to media/, an absolute path or file:// URL inside an allowed root, or an http(s):// URL.",
              "not": {"pattern": "(^|/)\\.\\.(/|$)"}
            }
          }
        }

        """#
}
