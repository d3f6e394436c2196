#include "cli/request_builder.h"

#include <algorithm>

#include <rapidjson/document.h>

#include "cli/values.h"
#include "protocol/duplex_parameters.h"
#include "protocol/omni.h"
#include "util/json.h"

namespace dsasr::cli {

namespace {

using protocol::Family;
using protocol::JsonMember;
using protocol::LanguageParam;
using protocol::Model;

constexpr std::string_view kDefaultModel = "fun-asr-realtime";

bool supports(const OptionSpec& spec, const Model& m) {
  return supports_option(spec, m);
}

// Unicode code points in well-formed UTF-8.
std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// A model name goes into a JSON message and (realtime family) a URL query.
bool is_plain_token(std::string_view s) {
  if (s.empty() || s.size() > 200) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f;
  });
}

void set_member(std::vector<JsonMember>& members, std::string key, std::string json) {
  for (JsonMember& m : members) {
    if (m.first == key) {
      m.second = std::move(json);
      return;
    }
  }
  members.emplace_back(std::move(key), std::move(json));
}

util::Status check_supported(const OptionSpec& spec, const ModelChoice& choice,
                             std::vector<std::string>& warnings) {
  if (choice.model) {
    if (supports(spec, *choice.model)) {
      if (spec.model_features != 0 &&
          (choice.model->features & spec.model_features & ~choice.model->disputed_features) == 0) {
        warnings.push_back(spec.long_flag() + " is sent to " + choice.name +
                           " as its official SDK does, although the vendor's model table (seed "
                           "000) does not list it for this model");
      }
      return {};
    }
    std::string others = models_supporting(spec);
    return usage_error(spec.long_flag() + " is not supported by " + choice.name +
                       (others.empty() ? std::string(" (nor by any listed model)")
                                       : " (supported by: " + others + ")"));
  }
  // An unlisted model: allow what some listed model of the same family supports.
  for (const Model& m : protocol::all_models()) {
    if (m.family == choice.family && supports(spec, m)) return {};
  }
  return usage_error(spec.long_flag() + " is not available with the " +
                     std::string(protocol::to_string(choice.family)) + " protocol");
}

std::string language_list(const Model& m) {
  std::string out;
  for (std::string_view l : m.languages) {
    if (!out.empty()) out += ", ";
    out += l;
  }
  for (std::string_view l : m.disputed_languages) out += ", " + std::string(l);
  return out;
}

util::Status check_language(const std::string& code, const ModelChoice& choice,
                            std::vector<std::string>& warnings) {
  if (!is_plain_token(code)) {
    return usage_error("--language: '" + code + "' is not a language code (such as zh or en)");
  }
  if (!choice.model) return {};
  if (protocol::is_disputed_language(*choice.model, code)) {
    warnings.push_back("--language " + code + ": passed to " + choice.name +
                       " as given; the vendor's parameter table lists it but the model table "
                       "(seed 000) does not (" +
                       std::string(choice.model->sources) + ")");
    return {};
  }
  if (protocol::accepts_language(*choice.model, code)) return {};
  return usage_error("--language " + code + " is not supported by " + choice.name +
                     " (languages: " + language_list(*choice.model) + ")");
}

// True when `s` is well-formed UTF-8 (RapidJSON's validating parser reads it as a JSON string).
bool is_utf8(std::string_view s) {
  std::string quoted;
  util::json::append_quoted(quoted, s);
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(quoted.data(), quoted.size());
  return !doc.HasParseError();
}

// --param KEY=JSON, checked and with its JSON made compact.
util::Result<JsonMember> parse_param(const std::string& text, Family family) {
  std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    return usage_error("--param: expected KEY=JSON, got '" + text + "'",
                       "for example --param speech_noise_threshold=0.3");
  }
  std::string key = text.substr(0, eq);
  if (!is_plain_token(key)) {
    return usage_error("--param: '" + key + "' is not a parameter name");
  }
  // The protocol machines write these from the audio format dsasr sends.
  const bool reserved = family == Family::kDuplex
                            ? (key == "format" || key == "sample_rate")
                            : (key == "input_audio_format" || key == "sample_rate");
  if (reserved) {
    return usage_error("--param " + key + ": dsasr sets " + key +
                       " itself from the audio it sends");
  }
  rapidjson::Document doc;
  std::string why;
  if (!util::json::parse(std::string_view(text).substr(eq + 1), doc, &why)) {
    return usage_error(
        "--param " + key + ": '" + text.substr(eq + 1) + "' is not valid JSON (" + why + ")",
        "JSON strings need quotes: --param " + key + "='\"text\"'");
  }
  return JsonMember{key, util::json::to_string(doc)};
}

}  // namespace

bool supports_option(const OptionSpec& spec, const protocol::Model& m) {
  if (spec.id == OptionId::kLanguage) return m.language_param != LanguageParam::kNone;
  // Qwen-Omni answers the turns of the service's voice detection (protocol/omni.h).
  if (spec.id == OptionId::kManualCommit && m.has(protocol::kPrompt)) return false;
  return spec.model_features == 0 ||
         ((m.features | m.disputed_features) & spec.model_features) != 0;
}

util::Result<std::string> context_text(const std::string& value, const Environment& env) {
  return text_option("--context", value, env);
}

util::Result<std::string> text_option(const std::string& flag, const std::string& value,
                                      const Environment& env) {
  if (value.empty()) return usage_error(flag + ": the value is empty");
  if (value[0] != '@') {
    if (!is_utf8(value)) return usage_error(flag + ": the text is not valid UTF-8");
    return value;
  }
  const std::string path = value.substr(1);
  const std::string named = flag + " " + value;
  if (path.empty()) return usage_error(named + ": no file name after '@'");
  if (env.path_kind(path) == PathKind::kDirectory) {
    return usage_error(named + ": " + path + " is a directory");
  }
  util::Result<std::string> content = env.read_file(path);
  if (!content) return usage_error(named + ": " + content.error().message);
  std::string text = std::move(*content);
  // A file's final newline is not part of the context.
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' ||
                           text.back() == '\t')) {
    text.pop_back();
  }
  if (text.empty()) return usage_error(named + ": the file is empty");
  if (!is_utf8(text)) return usage_error(named + ": the file is not valid UTF-8 text");
  return text;
}

util::Result<ModelChoice> choose_model(const ParsedArgs& args) {
  ModelChoice out;
  out.name = args.has(OptionId::kModel) ? args.last(OptionId::kModel) : std::string(kDefaultModel);
  if (!is_plain_token(out.name)) {
    return usage_error("--model: '" + out.name + "' is not a model name");
  }
  out.model = protocol::find_model(out.name);

  std::optional<Family> asked;
  if (args.has(OptionId::kProtocol)) {
    auto i = parse_choice("--protocol", args.last(OptionId::kProtocol), {"duplex", "realtime"});
    if (!i) return i.error();
    asked = *i == 0 ? Family::kDuplex : Family::kRealtime;
  }

  if (out.model) {
    out.family = out.model->family;
    if (asked && *asked != out.family) {
      return usage_error("--protocol " + std::string(protocol::to_string(*asked)) +
                         " does not match " + out.name + ", which uses the " +
                         std::string(protocol::to_string(out.family)) + " protocol");
    }
    return out;
  }
  if (!asked) {
    std::vector<std::string_view> names;
    for (const Model& m : protocol::all_models()) names.push_back(m.name);
    std::string near = closest_match(out.name, names, 3);
    return usage_error("unknown model '" + out.name +
                           "': give --protocol duplex or --protocol realtime to use it anyway" +
                           (near.empty() ? std::string() : " (did you mean " + near + "?)"),
                       "'dsasr models' lists the known models");
  }
  out.family = *asked;
  return out;
}

util::Status check_region(const ModelChoice& choice, Region region) {
  if (!choice.model) return {};
  const Model& m = *choice.model;
  const bool offered = region == Region::kSingapore ? m.singapore : m.beijing;
  if (offered) return {};
  std::string where;
  if (m.beijing) where += "beijing";
  if (m.singapore) where += std::string(where.empty() ? "" : ", ") + "singapore";
  return usage_error(
      choice.name + " is not available in the " +
      (region == Region::kSingapore ? std::string("singapore") : std::string("beijing")) +
      " region (available in: " + where + ")");
}

std::string models_supporting(const OptionSpec& spec) {
  std::string out;
  for (const Model& m : protocol::all_models()) {
    if (!supports(spec, m)) continue;
    if (!out.empty()) out += ", ";
    out += m.name;
  }
  return out;
}

util::Result<protocol::Request> build_request(const ParsedArgs& args, const ModelChoice& choice,
                                              const Environment& env) {
  protocol::Request req;
  req.model = choice.name;
  req.family = choice.family;
  req.sample_rate_hz = choice.model ? choice.model->default_sample_rate() : 16000;

  // Every recognition option given must be supported by the model.
  for (const OptionSpec& spec : all_options()) {
    if (spec.group != Group::kRecognition || spec.id == OptionId::kParam) continue;
    if (!args.has(spec.id)) continue;
    if (auto st = check_supported(spec, choice, req.warnings); !st) return st.error();
  }
  if (args.has(OptionId::kHeartbeat) && args.has(OptionId::kNoHeartbeat)) {
    return usage_error("--heartbeat and --no-heartbeat cannot be used together");
  }
  if (args.has(OptionId::kManualCommit)) {
    for (OptionId id :
         {OptionId::kVadThreshold, OptionId::kVadSilence, OptionId::kVadPrefixPadding}) {
      if (!args.has(id)) continue;
      return usage_error(option(id).long_flag() +
                         " sets the service's voice detection, which --manual-commit turns off; "
                         "leave out one of them");
    }
  }
  if (args.has(OptionId::kMultiThreshold) && args.has(OptionId::kSemanticPunctuation)) {
    return usage_error(
        "--multi-threshold only works with silence-based sentence ends; leave out "
        "--semantic-punctuation or --multi-threshold");
  }
  if (args.has(OptionId::kMultiThreshold) && args.has(OptionId::kNoEmotion)) {
    return usage_error(
        "--no-emotion turns on semantic sentence ends, and --multi-threshold only works with "
        "silence-based ones; leave out one of them");
  }

  protocol::Recognition& rec = req.recognition;
  const bool duplex = choice.family == Family::kDuplex;

  // In option-table order, so equal command lines in any order give equal requests.
  if (args.has(OptionId::kLanguage)) {
    std::vector<std::string> codes;
    for (const std::string& code : args.all(OptionId::kLanguage)) {
      if (auto st = check_language(code, choice, req.warnings); !st) return st.error();
      if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
    }
    LanguageParam lp =
        choice.model ? choice.model->language_param
                     : (duplex ? LanguageParam::kLanguageHints : LanguageParam::kTranscription);
    if (codes.size() > 1 && lp != LanguageParam::kLanguageHints) {
      return usage_error("--language is given " + std::to_string(codes.size()) + " times, but " +
                             choice.name + " takes one language",
                         "several -l become several language_hints on models that take a "
                         "list, such as paraformer-realtime-v2");
    }
    if (codes.size() > 1 && choice.model && !choice.model->language_list) {
      req.warnings.push_back("--language: " + choice.name +
                             " uses only the first of its language_hints (" + codes.front() +
                             "); all are sent");
    }
    // The duplex family sends them as its model names them (protocol/duplex_parameters.h);
    // the realtime family takes one language.
    if (lp == LanguageParam::kTranscription) {
      req.language = codes.front();
    } else if (lp != LanguageParam::kNone) {  // kNone: rejected above by check_supported
      rec.languages = codes;
    }
  }
  if (args.has(OptionId::kVocabularyId)) {
    const std::string& id = args.last(OptionId::kVocabularyId);
    if (!is_plain_token(id)) return usage_error("--vocabulary-id: '" + id + "' is not an id");
    rec.vocabulary_id = id;
  }
  if (args.has(OptionId::kPhraseId)) {
    const std::string& id = args.last(OptionId::kPhraseId);
    if (!is_plain_token(id)) return usage_error("--phrase-id: '" + id + "' is not an id");
    req.phrase_id = id;
  }
  // --no-emotion: paraformer-realtime-8k-v2 tags emotions only with silence-based sentence ends
  // (protocol.md §2.8), so semantic ones turn the tags off.
  if (args.has(OptionId::kSemanticPunctuation) || args.has(OptionId::kNoEmotion)) {
    rec.semantic_punctuation = true;
  }
  if (args.has(OptionId::kMaxSentenceSilence)) {
    auto ms = parse_integer("--max-sentence-silence", args.last(OptionId::kMaxSentenceSilence), 200,
                            6000);
    if (!ms) return ms.error();
    rec.sentence_silence_ms = static_cast<int>(*ms);
  }
  if (args.has(OptionId::kMultiThreshold)) {
    rec.multi_threshold = true;
  }
  if (args.has(OptionId::kDisfluencyRemoval)) {
    rec.disfluency_removal = true;
  }
  if (args.has(OptionId::kNoPunctuation)) {
    rec.punctuation = false;
  }
  if (args.has(OptionId::kNoItn)) {
    rec.inverse_text_normalization = false;
  }
  // `mic` keeps the task alive through long silences by default (design §3), but only where
  // the model is known to take the parameter: an unknown one might fail the task.
  const bool mic_heartbeat = args.command == Command::kMic && !args.has(OptionId::kNoHeartbeat) &&
                             choice.model && choice.model->has(protocol::kHeartbeat);
  if (args.has(OptionId::kHeartbeat) || mic_heartbeat) rec.heartbeat = true;
  if (args.has(OptionId::kNoiseThreshold)) {
    auto x = parse_number("--noise-threshold", args.last(OptionId::kNoiseThreshold), -1.0, 1.0);
    if (!x) return x.error();
    rec.noise_threshold = *x;
  }
  if (args.has(OptionId::kTranslateTo)) {
    const std::string& lang = args.last(OptionId::kTranslateTo);
    if (!is_plain_token(lang)) {
      return usage_error("--translate-to: '" + lang + "' is not a language code (such as en)");
    }
    req.translate_to = lang;
  }
  if (args.has(OptionId::kNoTranscription)) {
    if (!args.has(OptionId::kTranslateTo)) {
      return usage_error("--no-transcription needs --translate-to",
                         "without transcription the translation is the only result");
    }
    rec.transcription = false;
  }
  // Qwen-Omni (protocol.md §11): a prompted conversation. The prompt is the seed's transcription
  // prompt unless --prompt replaces it; --context appends domain terms to it.
  const bool prompted =
      choice.model ? choice.model->has(protocol::kPrompt) : !duplex && args.has(OptionId::kPrompt);
  if (prompted) {
    if (args.has(OptionId::kManualCommit)) {
      return usage_error("--manual-commit is not supported by " + choice.name +
                         ", which answers the turns of the service's voice detection");
    }
    std::string prompt(protocol::kDefaultTranscriptionPrompt);
    if (args.has(OptionId::kPrompt)) {
      auto text = text_option("--prompt", args.last(OptionId::kPrompt), env);
      if (!text) return text.error();
      prompt = std::move(*text);
    }
    if (args.has(OptionId::kContext)) {
      auto text = context_text(args.last(OptionId::kContext), env);
      if (!text) return text.error();
      prompt += std::string(protocol::kPromptContextIntro) + *text;
    }
    req.instructions = std::move(prompt);
  }
  if (args.has(OptionId::kContext) && !prompted) {
    auto text = context_text(args.last(OptionId::kContext), env);
    if (!text) return text.error();
    if (duplex) {
      const std::size_t chars = code_points(*text);
      if (chars > kMaxInputContextChars) {
        return usage_error("--context: " + std::to_string(chars) + " characters; " + choice.name +
                               " uses at most " + std::to_string(kMaxInputContextChars) +
                               " characters of context",
                           "keep the terms that matter most");
      }
      req.input_context = std::move(*text);
    } else {
      req.corpus_text = std::move(*text);
    }
  }
  if (args.has(OptionId::kVadThreshold)) {
    auto x = parse_number("--vad-threshold", args.last(OptionId::kVadThreshold), -1.0, 1.0);
    if (!x) return x.error();
    req.vad_threshold = *x;
  }
  if (args.has(OptionId::kVadSilence)) {
    auto ms = parse_integer("--vad-silence", args.last(OptionId::kVadSilence), 200, 6000);
    if (!ms) return ms.error();
    req.vad_silence_ms = static_cast<int>(*ms);
  }
  if (args.has(OptionId::kVadPrefixPadding)) {
    auto ms =
        parse_integer("--vad-prefix-padding", args.last(OptionId::kVadPrefixPadding), 0, 6000);
    if (!ms) return ms.error();
    req.vad_prefix_padding_ms = static_cast<int>(*ms);
  }
  req.manual_commit = args.has(OptionId::kManualCommit);
  // The duplex wire form of the settings, then --param entries over it.
  req.parameters = protocol::duplex_parameters(req, choice.model);
  for (const std::string& text : args.all(OptionId::kParam)) {
    auto member = parse_param(text, choice.family);
    if (!member) return member.error();
    set_member(duplex ? req.parameters : req.session_extra, std::move(member->first),
               std::move(member->second));
  }
  return req;
}

}  // namespace dsasr::cli
