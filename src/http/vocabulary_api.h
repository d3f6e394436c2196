// The hot-word vocabulary ("customization") API of DashScope, as the official Python SDK's
// VocabularyService speaks it (dashscope/audio/asr/vocabulary.py): one HTTP POST to
// {base}/services/audio/asr/customization with a JSON body
//   {"model":"speech-biasing","input":{"action":"...",...},"parameters":{}}
// and an answer {"request_id":...,"output":{...}} (200) or {"request_id","code","message"}.
// Pure: bodies in, bodies out. Any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace dsasr::http {

// One entry of a vocabulary, as the SDK's list of dicts has it.
struct HotWord {
  std::string text;
  int weight = 4;    // 1..5 (vendor page); 4 recommended
  std::string lang;  // empty: not sent
  bool operator==(const HotWord& o) const {
    return text == o.text && weight == o.weight && lang == o.lang;
  }
};

// One row of list_vocabulary's output.vocabulary_list.
struct VocabularySummary {
  std::string id;
  std::string gmt_create;
  std::string gmt_modified;
  std::string status;  // "OK", "UNDEPLOYED", ...
};

// query_vocabulary's output.
struct VocabularyDetails {
  std::vector<HotWord> words;
  std::string target_model;
  std::string status;
  std::string gmt_create;
  std::string gmt_modified;
  std::string output_json;  // the service's output object, compact, for --json
};

// The URL: base ("https://dashscope.aliyuncs.com/api/v1", with or without a final '/') plus
// "services/audio/asr/customization".
std::string customization_url(std::string_view base);

// Request bodies, members in the SDK's order (input: action first, then the SDK's arguments).
std::string create_body(std::string_view target_model, std::string_view prefix,
                        const std::vector<HotWord>& words);
std::string list_body(const std::optional<std::string>& prefix, int page_index, int page_size);
std::string query_body(std::string_view vocabulary_id);
std::string update_body(std::string_view vocabulary_id, const std::vector<HotWord>& words);
std::string delete_body(std::string_view vocabulary_id);

// The words as the SDK's JSON list ([{"text":..,"weight":..,"lang":..}]).
std::string words_json(const std::vector<HotWord>& words);

// Readers of a 200 answer's body. A body without the expected members is a kService error
// ("the service's answer has no output.vocabulary_id").
util::Result<std::string> parse_create(std::string_view body);
util::Result<std::vector<VocabularySummary>> parse_list(std::string_view body);
util::Result<VocabularyDetails> parse_query(std::string_view body);

// What a non-200 answer says.
struct ServiceError {
  int http_status = 0;
  std::string code;        // "InvalidApiKey", "Throttling.RateQuota", ...; may be empty
  std::string message;     // may be empty
  std::string request_id;  // may be empty
};
ServiceError parse_error(int http_status, std::string_view body);

// Whether an answer is worth another try: 5xx, 429 and Throttling* codes.
bool is_retryable(const ServiceError& e);

// The error a user sees, one line: "<action>: <message> (<code>, HTTP <status>, request <id>)".
// 401/403 are kAuth (exit 4), other 4xx kService (exit 6), 5xx and throttling kNetwork (exit 5:
// a service-side failure that persisted through every retry).
util::Error to_error(std::string_view action, const ServiceError& e);

}  // namespace dsasr::http
