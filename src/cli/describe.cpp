#include "cli/describe.h"

#include <sstream>

#include "cli/endpoint.h"
#include "cli/values.h"
#include "protocol/models.h"
#include "protocol/omni.h"

namespace dsasr::cli {

namespace {

std::string pacing_text(const PacingConfig& p) {
  std::ostringstream out;
  switch (p.mode) {
    case PacingConfig::Mode::kAuto:
      out << "auto (window " << p.window_s << " s)";
      break;
    case PacingConfig::Mode::kRealtime:
      out << "realtime";
      break;
    case PacingConfig::Mode::kFactor:
      out << p.factor << "x real time";
      break;
    case PacingConfig::Mode::kMax:
      out << "max";
      break;
  }
  return out.str();
}

std::string_view caption_lang_name(CaptionLang l) {
  switch (l) {
    case CaptionLang::kSource:
      return "source";
    case CaptionLang::kTarget:
      return "target";
    case CaptionLang::kBoth:
      break;
  }
  return "both";
}

}  // namespace

std::string describe(const Config& c) {
  std::ostringstream out;
  const protocol::Request& r = c.request;
  out << "model: " << r.model << " (" << protocol::to_string(r.family) << ", " << r.sample_rate_hz
      << " Hz)\n";
  out << "endpoint: " << c.service.endpoint << " (from " << c.service.endpoint_origin.what << ")\n";
  out << "region: " << region_name(c.service.region) << "\n";
  if (c.service.workspace) out << "workspace: " << *c.service.workspace << "\n";
  // The key itself never appears; its length would say little and is left out too.
  out << "api key: "
      << (c.service.api_key.empty() ? std::string("none found")
                                    : "set (from " + c.service.api_key_origin.what + ")")
      << "\n";
  if (c.service.ca_file) out << "ca file: " << *c.service.ca_file << "\n";
  if (c.service.insecure) out << "tls verification: OFF (--insecure)\n";
  out << "retries: " << c.service.retries << "\n";
  for (const auto& [key, json] : r.parameters) out << "parameter: " << key << "=" << json << "\n";
  if (r.phrase_id) out << "phrase id: " << *r.phrase_id << "\n";
  if (r.language) out << "language: " << *r.language << "\n";
  // The context itself may be long and private; its size is enough to confirm it was read.
  if (r.corpus_text) out << "context: " << r.corpus_text->size() << " bytes\n";
  if (r.input_context) out << "context: " << r.input_context->size() << " bytes (run-task)\n";
  // Qwen-Omni: the prompt, named when it is dsasr's default, else (it may be private) its size.
  if (r.instructions) {
    out << "prompt: "
        << (*r.instructions == protocol::kDefaultTranscriptionPrompt
                ? std::string("the default transcription prompt (seed 003)")
                : std::to_string(r.instructions->size()) + " bytes")
        << "\n";
  }
  if (r.family == protocol::Family::kRealtime) {
    out << "turn detection: " << (r.manual_commit ? "manual commit" : "server VAD") << "\n";
    if (!r.manual_commit) {
      out << "vad threshold: " << r.vad_threshold << "\n";
      out << "vad prefix padding: " << r.vad_prefix_padding_ms << " ms\n";
      out << "vad silence: " << r.vad_silence_ms << " ms\n";
    }
  }
  for (const auto& [key, json] : r.session_extra) out << "session: " << key << "=" << json << "\n";
  out << "format: " << output_format_name(c.output.format) << "\n";
  if (c.request.translate_to)
    out << "caption languages: " << caption_lang_name(c.output.caption_lang) << "\n";
  for (const OutputTarget& t : c.output.outputs) {
    out << "output: " << t.path << " (" << output_format_name(t.format) << ")\n";
  }
  if (c.output.output_dir) {
    out << "output dir: " << *c.output.output_dir << " (";
    for (std::size_t i = 0; i < c.output.dir_formats.size(); ++i) {
      out << (i ? "," : "") << output_format_name(c.output.dir_formats[i]);
    }
    out << ")\n";
  }
  if (c.output.timestamps) out << "timestamps: on\n";
  out << "speed: " << pacing_text(c.pacing) << "\n";
  if (c.command == Command::kFile) out << "jobs: " << c.jobs << "\n";
  for (const std::string& p : c.input.paths) out << "input: " << p << "\n";
  if (c.input.from) out << "inputs from: " << *c.input.from << "\n";
  if (c.input.shard) out << "shard: " << c.input.shard->k << "/" << c.input.shard->n << "\n";
  if (c.input.skip_existing) out << "skip existing: on\n";
  if (c.input.device) out << "device: " << *c.input.device << "\n";
  if (c.input.duration_s) out << "duration: " << *c.input.duration_s << " s\n";
  if (c.input.save) out << "save: " << *c.input.save << "\n";
  if (c.input.raw_rate_hz) {
    out << "raw input: " << *c.input.raw_rate_hz << " Hz, " << c.input.raw_channels
        << " channel(s)\n";
  }
  return out.str();
}

}  // namespace dsasr::cli
