#include "http/vocabulary_api.h"

#include "util/json.h"

namespace dsasr::http {

namespace {

using util::json::append_quoted;

// {"model":"speech-biasing","input":{"action":"<action>"<rest>},"parameters":{}}
std::string envelope(std::string_view action, const std::string& rest) {
  std::string out = R"({"model":"speech-biasing","input":{"action":)";
  append_quoted(out, action);
  out += rest;
  out += R"(},"parameters":{}})";
  return out;
}

std::string member(std::string_view name, std::string_view value) {
  std::string out = ",";
  append_quoted(out, name);
  out += ':';
  append_quoted(out, value);
  return out;
}

util::Error bad_answer(const std::string& what) {
  return util::Error(util::ErrorKind::kService, "the vocabulary service's answer " + what);
}

util::Status parse_output(std::string_view body, rapidjson::Document& doc) {
  std::string error;
  if (!util::json::parse(body, doc, &error)) return bad_answer("is not JSON (" + error + ")");
  if (!util::json::member(doc, "output") || !doc["output"].IsObject()) {
    return bad_answer("has no output object");
  }
  return {};
}

HotWord read_word(const rapidjson::Value& v) {
  HotWord w;
  w.text = util::json::get_string(v, "text").value_or("");
  w.weight = static_cast<int>(util::json::get_int(v, "weight").value_or(0));
  w.lang = util::json::get_string(v, "lang").value_or("");
  return w;
}

}  // namespace

std::string customization_url(std::string_view base) {
  std::string url(base);
  if (url.empty() || url.back() != '/') url += '/';
  return url + "services/audio/asr/customization";
}

std::string words_json(const std::vector<HotWord>& words) {
  std::string out = "[";
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i) out += ',';
    out += R"({"text":)";
    append_quoted(out, words[i].text);
    out += R"(,"weight":)" + std::to_string(words[i].weight);
    if (!words[i].lang.empty()) {
      out += R"(,"lang":)";
      append_quoted(out, words[i].lang);
    }
    out += '}';
  }
  return out + "]";
}

std::string create_body(std::string_view target_model, std::string_view prefix,
                        const std::vector<HotWord>& words) {
  return envelope("create_vocabulary", member("target_model", target_model) +
                                           member("prefix", prefix) + R"(,"vocabulary":)" +
                                           words_json(words));
}

std::string list_body(const std::optional<std::string>& prefix, int page_index, int page_size) {
  std::string rest = prefix ? member("prefix", *prefix) : std::string();
  rest += R"(,"page_index":)" + std::to_string(page_index);
  rest += R"(,"page_size":)" + std::to_string(page_size);
  return envelope("list_vocabulary", rest);
}

std::string query_body(std::string_view vocabulary_id) {
  return envelope("query_vocabulary", member("vocabulary_id", vocabulary_id));
}

std::string update_body(std::string_view vocabulary_id, const std::vector<HotWord>& words) {
  return envelope("update_vocabulary",
                  member("vocabulary_id", vocabulary_id) + R"(,"vocabulary":)" + words_json(words));
}

std::string delete_body(std::string_view vocabulary_id) {
  return envelope("delete_vocabulary", member("vocabulary_id", vocabulary_id));
}

util::Result<std::string> parse_create(std::string_view body) {
  rapidjson::Document doc;
  if (auto st = parse_output(body, doc); !st) return st.error();
  auto id = util::json::get_string(doc["output"], "vocabulary_id");
  if (!id || id->empty()) return bad_answer("has no output.vocabulary_id");
  return *id;
}

util::Result<std::vector<VocabularySummary>> parse_list(std::string_view body) {
  rapidjson::Document doc;
  if (auto st = parse_output(body, doc); !st) return st.error();
  const rapidjson::Value* list = util::json::member(doc["output"], "vocabulary_list");
  if (!list || !list->IsArray()) return bad_answer("has no output.vocabulary_list");
  std::vector<VocabularySummary> out;
  for (const rapidjson::Value& v : list->GetArray()) {
    VocabularySummary s;
    s.id = util::json::get_string(v, "vocabulary_id").value_or("");
    s.gmt_create = util::json::get_string(v, "gmt_create").value_or("");
    s.gmt_modified = util::json::get_string(v, "gmt_modified").value_or("");
    s.status = util::json::get_string(v, "status").value_or("");
    if (!s.id.empty()) out.push_back(std::move(s));
  }
  return out;
}

util::Result<VocabularyDetails> parse_query(std::string_view body) {
  rapidjson::Document doc;
  if (auto st = parse_output(body, doc); !st) return st.error();
  const rapidjson::Value& output = doc["output"];
  VocabularyDetails d;
  const rapidjson::Value* words = util::json::member(output, "vocabulary");
  if (!words || !words->IsArray()) return bad_answer("has no output.vocabulary");
  for (const rapidjson::Value& w : words->GetArray()) d.words.push_back(read_word(w));
  d.target_model = util::json::get_string(output, "target_model").value_or("");
  d.status = util::json::get_string(output, "status").value_or("");
  d.gmt_create = util::json::get_string(output, "gmt_create").value_or("");
  d.gmt_modified = util::json::get_string(output, "gmt_modified").value_or("");
  d.output_json = util::json::to_string(output);
  return d;
}

ServiceError parse_error(int http_status, std::string_view body) {
  ServiceError e;
  e.http_status = http_status;
  rapidjson::Document doc;
  if (util::json::parse(body, doc)) {
    e.code = util::json::get_string(doc, "code").value_or("");
    e.message = util::json::get_string(doc, "message").value_or("");
    e.request_id = util::json::get_string(doc, "request_id").value_or("");
  }
  return e;
}

bool is_retryable(const ServiceError& e) {
  return e.http_status >= 500 || e.http_status == 429 || e.code.rfind("Throttling", 0) == 0;
}

util::Error to_error(std::string_view action, const ServiceError& e) {
  util::ErrorKind kind = util::ErrorKind::kService;
  std::string hint;
  if (e.http_status == 401 || e.http_status == 403) {
    kind = util::ErrorKind::kAuth;
    hint = "check the API key (DASHSCOPE_API_KEY) and --region; sub-workspaces have no hot words";
  } else if (is_retryable(e)) {
    kind = util::ErrorKind::kNetwork;
  }
  std::string text = std::string(action) + ": ";
  text += e.message.empty() ? "refused" : e.message;
  std::string detail = e.code;
  detail += (detail.empty() ? "" : ", ") + std::string("HTTP ") + std::to_string(e.http_status);
  if (!e.request_id.empty()) detail += ", request " + e.request_id;
  return util::Error(kind, text + " (" + detail + ")", hint);
}

}  // namespace dsasr::http
