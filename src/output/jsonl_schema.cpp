#include "output/jsonl_schema.h"

namespace dsasr::output {

namespace {

// One JSON text, kept next to jsonl_writer.cpp, which writes what it describes. Version 1.0 was
// the format before the schema existed (final, partial, gap, error, stats with the fields of
// design.md §2.2); 1.1 added the fields the official SDKs parse (stash, emotion_confidence,
// speaker_id, word fixed, vad_pre_end / pre_end_*, per-sentence billed_seconds, the service's own
// sentence id) and "raw"; 1.2 added Qwen-Omni's response_id and usage tokens (final records and
// stats), "source" (mic --with-system), and the cost figures of the stats record
// (sent_audio_ms, estimated_cost); 1.3 added --parallel's part numbers ("segment" on sentences
// and on the error record of a failed part, with the range it leaves without results) and the
// parts of the stats record.
constexpr const char* kSchema = R"json({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "urn:dsasr:jsonl-records:1.3",
  "title": "dsasr JSON lines records",
  "description": "One record per line (dsasr --format jsonl). Schema version 1.3: within major version 1 a listed field keeps its name, type and meaning; new optional fields raise the minor version. Times are milliseconds on the input's own timeline.",
  "x-dsasr-schema-version": "1.3",
  "oneOf": [
    {"$ref": "#/$defs/final"},
    {"$ref": "#/$defs/partial"},
    {"$ref": "#/$defs/gap"},
    {"$ref": "#/$defs/error"},
    {"$ref": "#/$defs/stats"}
  ],
  "$defs": {
    "ms": {"type": "integer", "minimum": 0},
    "source": {"enum": ["mic", "system"], "description": "mic --with-system: which stream the record is about"},
    "word": {
      "type": "object",
      "properties": {
        "begin_ms": {"$ref": "#/$defs/ms"},
        "end_ms": {"$ref": "#/$defs/ms"},
        "text": {"type": "string"},
        "punct": {"type": "string", "description": "punctuation after the word, \"\" when none"},
        "fixed": {"type": "boolean", "description": "Gummy: the word will not change any more"},
        "speaker_id": {"type": ["integer", "string"], "description": "the service's speaker_id"}
      },
      "required": ["begin_ms", "end_ms", "text", "punct"],
      "unevaluatedProperties": false
    },
    "sentence": {
      "type": "object",
      "properties": {
        "input": {"type": "string", "description": "the input's path, - for standard input, mic"},
        "source": {"$ref": "#/$defs/source"},
        "sentence_id": {"type": "integer", "minimum": 1, "description": "dsasr's count per input, from 1, never reused"},
        "begin_ms": {"$ref": "#/$defs/ms"},
        "text": {"type": "string", "description": "the sentence; on a partial it ends with the stash"},
        "words": {"type": "array", "items": {"$ref": "#/$defs/word"}, "description": "with --words"},
        "translations": {"type": "object", "additionalProperties": {"type": "string"}, "description": "target language -> text (Gummy)"},
        "language": {"type": "string"},
        "emotion": {"type": "string"},
        "emotion_confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "service_sentence_id": {"type": "integer", "description": "the service's own sentence_id (duplex family)"},
        "stash": {"type": "string", "description": "the not-yet-final tail of an interim, already at the end of text"},
        "speaker_id": {"type": ["integer", "string"]},
        "vad_pre_end": {"type": "boolean", "description": "passed through from the service, meaning undocumented"},
        "pre_end_failed": {"type": "boolean"},
        "pre_end_timemillis": {"type": "integer"},
        "pre_end_start_time": {"type": "integer", "description": "the service's task timeline, not shifted"},
        "pre_end_end_time": {"type": "integer", "description": "the service's task timeline, not shifted"},
        "billed_seconds": {"type": "number", "minimum": 0, "description": "the service's usage.duration for the task so far, sent with this result"},
        "response_id": {"type": "string", "description": "Qwen-Omni: the id of the model's answer this sentence is"},
        "input_tokens": {"type": "integer", "minimum": 0, "description": "Qwen-Omni: the answer's input tokens (prompt and audio), when the service reports them"},
        "output_tokens": {"type": "integer", "minimum": 0, "description": "Qwen-Omni: the answer's output tokens, when the service reports them"},
        "segment": {"type": "integer", "minimum": 0, "description": "with --parallel: the part of the input (from 0) whose task gave this result (1.3)"},
        "task_id": {"type": "string"},
        "raw": {"type": "object", "description": "with --raw: the service's message this record was made from, unchanged"}
      },
      "required": ["input", "sentence_id", "begin_ms", "text", "task_id"]
    },
    "final": {
      "$ref": "#/$defs/sentence",
      "properties": {
        "type": {"const": "final"},
        "end_ms": {"$ref": "#/$defs/ms"}
      },
      "required": ["type", "end_ms"],
      "unevaluatedProperties": false
    },
    "partial": {
      "$ref": "#/$defs/sentence",
      "properties": {
        "type": {"const": "partial"}
      },
      "required": ["type"],
      "unevaluatedProperties": false
    },
    "gap": {
      "type": "object",
      "properties": {
        "type": {"const": "gap"},
        "input": {"type": "string"},
        "source": {"$ref": "#/$defs/source"},
        "begin_ms": {"$ref": "#/$defs/ms"},
        "end_ms": {"$ref": "#/$defs/ms"},
        "duration_ms": {"$ref": "#/$defs/ms"},
        "reason": {"enum": ["buffer_full"]}
      },
      "required": ["type", "input", "begin_ms", "end_ms", "duration_ms", "reason"],
      "unevaluatedProperties": false
    },
    "error": {
      "type": "object",
      "properties": {
        "type": {"const": "error"},
        "input": {"type": "string"},
        "source": {"$ref": "#/$defs/source"},
        "code": {"type": "string", "description": "the service's code, or dsasr's (input, network, NoTranscript, WrongProtocol, ...)"},
        "message": {"type": "string"},
        "exit_code": {"type": "integer"},
        "segment": {"type": "integer", "minimum": 0, "description": "with --parallel: the part that failed after its retries (1.3)"},
        "missing_begin_ms": {"$ref": "#/$defs/ms", "description": "with segment: the input's time range left without results, from here ... (1.3)"},
        "missing_end_ms": {"$ref": "#/$defs/ms", "description": "... to here (1.3)"}
      },
      "required": ["type", "input", "code", "message", "exit_code"],
      "unevaluatedProperties": false
    },
    "stats": {
      "type": "object",
      "properties": {
        "type": {"const": "stats"},
        "input": {"type": "string"},
        "source": {"$ref": "#/$defs/source"},
        "task_ids": {"type": "array", "items": {"type": "string"}},
        "audio_ms": {"$ref": "#/$defs/ms", "description": "the input's audio, sent or not"},
        "sent_audio_ms": {"$ref": "#/$defs/ms", "description": "audio sent to the service, resends after a drop included (1.2)"},
        "billed_seconds": {"type": "number", "minimum": 0},
        "first_package_delay_ms": {"type": "integer"},
        "last_package_delay_ms": {"type": "integer"},
        "input_tokens": {"type": "integer", "minimum": 0, "description": "Qwen-Omni: input tokens of every answer"},
        "output_tokens": {"type": "integer", "minimum": 0, "description": "Qwen-Omni: output tokens of every answer"},
        "reconnects": {"type": "integer", "minimum": 0},
        "estimated_cost": {
          "type": "object",
          "description": "billed (else sent) seconds x the price per second (1.2)",
          "properties": {"amount": {"type": "number", "minimum": 0}, "currency": {"type": "string"}},
          "required": ["amount", "currency"],
          "additionalProperties": false
        },
        "segments": {
          "type": "array",
          "description": "with --parallel: the parts of the input and their tasks; the figures above are their sums (1.3)",
          "items": {
            "type": "object",
            "properties": {
              "segment": {"type": "integer", "minimum": 0},
              "begin_ms": {"$ref": "#/$defs/ms"},
              "end_ms": {"$ref": "#/$defs/ms"},
              "task_ids": {"type": "array", "items": {"type": "string"}}
            },
            "required": ["segment", "begin_ms", "end_ms", "task_ids"],
            "additionalProperties": false
          }
        }
      },
      "required": ["type", "input", "task_ids", "audio_ms", "sent_audio_ms", "reconnects"],
      "unevaluatedProperties": false
    }
  }
}
)json";

}  // namespace

std::string jsonl_schema() {
  return kSchema;
}

}  // namespace dsasr::output
