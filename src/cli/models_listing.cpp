#include "cli/models_listing.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <cstdio>
#include <optional>

#include "cli/help.h"
#include "cli/option_table.h"
#include "cli/request_builder.h"
#include "protocol/models.h"
#include "protocol/prices.h"

namespace dsasr::cli {

namespace {

using protocol::Model;

constexpr std::size_t kMaxLanguagesShown = 10;

std::string_view language_param_name(protocol::LanguageParam p) {
  switch (p) {
    case protocol::LanguageParam::kNone:
      return "";
    case protocol::LanguageParam::kLanguageHints:
      return "language_hints";
    case protocol::LanguageParam::kSourceLanguage:
      return "source_language";
    case protocol::LanguageParam::kTranscription:
      return "input_audio_transcription.language";
  }
  return "";
}

std::vector<std::string_view> regions(const Model& m) {
  std::vector<std::string_view> out;
  if (m.beijing) out.push_back("beijing");
  if (m.singapore) out.push_back("singapore");
  return out;
}

std::vector<std::string_view> features(const Model& m) {
  std::vector<std::string_view> out;
  for (protocol::Feature f : protocol::all_features()) {
    if (m.has(f)) out.push_back(protocol::feature_name(f));
  }
  return out;
}

// Features the SDK sends but the seed's table does not confirm (accepted with a warning).
std::vector<std::string_view> disputed_features(const Model& m) {
  std::vector<std::string_view> out;
  for (protocol::Feature f : protocol::all_features()) {
    if (m.disputed(f)) out.push_back(protocol::feature_name(f));
  }
  return out;
}

// The model-specific options (those some models refuse) that this model accepts, as spelled on
// the command line, in --help order.
std::vector<std::string> model_options(const Model& m) {
  std::vector<std::string> out;
  for (const OptionSpec& spec : all_options()) {
    const bool model_specific = spec.model_features != 0 || spec.id == OptionId::kLanguage;
    if (model_specific && supports_option(spec, m)) out.push_back(spec.long_flag());
  }
  return out;
}

std::string join(const std::vector<std::string_view>& items, std::string_view sep) {
  std::string out;
  for (std::string_view s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string languages_line(const Model& m) {
  if (m.languages.empty()) return "(fixed by the model)";
  if (m.languages.size() <= kMaxLanguagesShown) return join(m.languages, " ");
  std::vector<std::string_view> head(m.languages.begin(), m.languages.begin() + kMaxLanguagesShown);
  return join(head, " ") + " ... (" + std::to_string(m.languages.size()) + " in all)";
}

std::string rates_line(const Model& m) {
  std::string out;
  for (int hz : m.sample_rates) {
    if (!out.empty()) out += ", ";
    out += std::to_string(hz);
  }
  return out + " Hz (dsasr sends " + std::to_string(m.default_sample_rate()) + ")";
}

}  // namespace

namespace {

// "0.00033 CNY/s in mainland China, 0.00066 international (seed 000, ...)", or how to give one.
std::string price_line(std::string_view model) {
  const std::optional<protocol::Price> beijing = protocol::price_of(model, false);
  const std::optional<protocol::Price> singapore = protocol::price_of(model, true);
  if (!beijing && !singapore) return "not in the seeds (give one with --price PER_SECOND)";
  auto figure = [](const protocol::Price& p) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.5g %.*s/s", p.per_second, static_cast<int>(p.currency.size()),
                  p.currency.data());
    return std::string(buf);
  };
  std::string out;
  if (beijing) out += figure(*beijing) + " mainland China";
  if (singapore) out += (out.empty() ? "" : ", ") + figure(*singapore) + " international";
  return out + " (" + std::string((beijing ? beijing : singapore)->source) + ")";
}

}  // namespace

std::string models_text() {
  std::string out;
  for (const Model& m : protocol::all_models()) {
    if (!out.empty()) out += "\n";
    out += std::string(m.name) + "  (" + std::string(protocol::to_string(m.family)) + ")";
    if (!m.alias_of.empty()) out += "  = " + std::string(m.alias_of);
    out += "\n  " + std::string(m.summary) + "\n";
    out += "  sample rates: " + rates_line(m) + "\n";
    out += "  languages:    " + languages_line(m) + "\n";
    if (!m.disputed_languages.empty()) {
      out += "  also passed:  " +
             wrap(join(m.disputed_languages, " ") + " (other sources; with a warning)", 84, 16) +
             "\n";
    }
    std::vector<std::string_view> f = features(m);
    out += "  features:     " + (f.empty() ? std::string("-") : wrap(join(f, ", "), 84, 16)) + "\n";
    std::vector<std::string_view> d = disputed_features(m);
    if (!d.empty()) {
      out += "  unconfirmed:  " +
             wrap(join(d, ", ") +
                      " (the SDK sends them, the seed's table does not list them; "
                      "with a warning)",
                  84, 16) +
             "\n";
    }
    const std::vector<std::string> options = model_options(m);
    const std::vector<std::string_view> option_views(options.begin(), options.end());
    out += "  options:      " +
           (options.empty() ? std::string("-") : wrap(join(option_views, " "), 84, 16)) + "\n";
    out += "  limit:        " + std::to_string(m.requests_per_second) + " requests/s";
    if (m.max_audio_seconds) {
      out += ", at most " + std::to_string(*m.max_audio_seconds) + " s of audio per task";
    }
    out += "\n  regions:      " + join(regions(m), ", ") + "\n";
    out += "  price:        " + price_line(m.name) + "\n";
    out += "  sources:      " + wrap(std::string(m.sources), 84, 16) + "\n";
  }
  return out;
}

std::string models_json() {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto str = [&w](std::string_view s) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  };
  auto str_array = [&](const std::vector<std::string_view>& items) {
    w.StartArray();
    for (std::string_view s : items) str(s);
    w.EndArray();
  };
  w.StartArray();
  for (const Model& m : protocol::all_models()) {
    w.StartObject();
    w.Key("name");
    str(m.name);
    w.Key("family");
    str(protocol::to_string(m.family));
    w.Key("alias_of");
    if (m.alias_of.empty()) {
      w.Null();
    } else {
      str(m.alias_of);
    }
    w.Key("summary");
    str(m.summary);
    w.Key("sample_rates_hz");
    w.StartArray();
    for (int hz : m.sample_rates) w.Int(hz);
    w.EndArray();
    w.Key("languages");
    str_array(m.languages);
    w.Key("disputed_languages");
    str_array(m.disputed_languages);
    w.Key("language_list");
    w.Bool(m.language_list);
    w.Key("language_parameter");
    if (m.language_param == protocol::LanguageParam::kNone) {
      w.Null();
    } else {
      str(language_param_name(m.language_param));
    }
    w.Key("features");
    str_array(features(m));
    w.Key("disputed_features");
    str_array(disputed_features(m));
    w.Key("options");
    w.StartArray();
    for (const std::string& o : model_options(m)) str(o);
    w.EndArray();
    w.Key("requests_per_second");
    w.Int(m.requests_per_second);
    w.Key("max_audio_seconds");
    if (m.max_audio_seconds) {
      w.Int(*m.max_audio_seconds);
    } else {
      w.Null();
    }
    w.Key("regions");
    str_array(regions(m));
    // Per second of audio sent, by region; null where the seeds give none.
    w.Key("price_per_second");
    w.StartObject();
    for (const bool singapore : {false, true}) {
      w.Key(singapore ? "singapore" : "beijing");
      if (auto p = protocol::price_of(m.name, singapore)) {
        w.Double(p->per_second);
      } else {
        w.Null();
      }
    }
    w.EndObject();
    w.Key("currency");
    str("CNY");
    w.Key("sources");
    str(m.sources);
    w.EndObject();
  }
  w.EndArray();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

}  // namespace dsasr::cli
