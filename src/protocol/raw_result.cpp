#include "protocol/raw_result.h"

#include <rapidjson/document.h>

#include "util/json.h"

namespace dsasr::protocol {

void attach_raw(std::string_view message, std::size_t first_event, Output& out) {
  std::string compact;
  for (std::size_t i = first_event; i < out.events.size(); ++i) {
    Sentence* s = nullptr;
    if (auto* p = std::get_if<Partial>(&out.events[i])) s = &p->sentence;
    if (auto* f = std::get_if<Final>(&out.events[i])) s = &f->sentence;
    if (!s || !s->raw.empty()) continue;
    if (compact.empty()) {
      rapidjson::Document doc;
      doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(
          message.data(), message.size());
      if (doc.HasParseError()) return;
      compact = util::json::to_string(doc);
    }
    s->raw = compact;
  }
}

}  // namespace dsasr::protocol
