#include "emulator/message_faults.h"

#include <cstring>

#include <rapidjson/document.h>

#include "util/json.h"

namespace dsasr::emulator {
namespace {

using rapidjson::Value;

bool is_decorated_object(const char* name) {
  static const char* const kNames[] = {"header",        "payload", "output", "sentence",
                                       "transcription", "session", "item",   "error"};
  for (const char* n : kNames) {
    if (std::strcmp(n, name) == 0) return true;
  }
  return false;
}

bool is_decorated_array(const char* name) {
  return std::strcmp(name, "translations") == 0 || std::strcmp(name, "words") == 0;
}

void add_members(Value& obj, rapidjson::Document::AllocatorType& a, bool top) {
  obj.AddMember("x_emu_note", Value("added by dsasr-emulator", a), a);
  obj.AddMember("x_emu_flag", Value(true), a);
  if (!top) return;
  obj.AddMember("x_emu_number", Value(42.5), a);
  obj.AddMember("x_emu_null", Value(rapidjson::kNullType), a);
  Value list(rapidjson::kArrayType);
  list.PushBack(1, a).PushBack(Value("two", a), a).PushBack(Value(rapidjson::kNullType), a);
  Value nested(rapidjson::kObjectType);
  nested.AddMember("x_emu_list", list, a);
  obj.AddMember("x_emu_object", nested, a);
}

void decorate(Value& obj, rapidjson::Document::AllocatorType& a, bool top) {
  for (auto& m : obj.GetObject()) {
    const char* name = m.name.GetString();
    if (m.value.IsObject() && is_decorated_object(name)) {
      // An empty task-finished output must stay empty: the Python SDK completes only on {}.
      if (std::strcmp(name, "output") == 0 && m.value.MemberCount() == 0) continue;
      decorate(m.value, a, false);
    } else if (m.value.IsArray() && is_decorated_array(name)) {
      for (auto& e : m.value.GetArray()) {
        if (e.IsObject()) decorate(e, a, false);
      }
    }
  }
  add_members(obj, a, top);
}

}  // namespace

std::string add_unknown_fields(std::string_view json) {
  rapidjson::Document doc;
  if (!util::json::parse(json, doc) || !doc.IsObject()) return std::string(json);
  auto& a = doc.GetAllocator();
  decorate(doc, a, true);
  return util::json::to_string(doc);
}

std::string pad_message(std::string_view json, size_t min_bytes) {
  rapidjson::Document doc;
  if (!util::json::parse(json, doc) || !doc.IsObject()) return std::string(json);
  const std::string member = ",\"x_emu_padding\":\"\"";
  const size_t base = json.size() + member.size();
  const size_t pad = min_bytes > base ? min_bytes - base : 0;
  std::string padding(pad, 'x');
  doc.AddMember(
      "x_emu_padding",
      Value(padding.data(), static_cast<rapidjson::SizeType>(padding.size()), doc.GetAllocator()),
      doc.GetAllocator());
  return util::json::to_string(doc);
}

Actions MessageFaults::apply(Actions in) {
  Actions out;
  out.reserve(in.size() + 1);
  for (Action& a : in) {
    if (a.kind != Action::Kind::kSendJson) {
      out.push_back(std::move(a));
      continue;
    }
    if (faults_.non_json && a.result && !non_json_sent_) {
      non_json_sent_ = true;
      Action raw;
      raw.kind = Action::Kind::kSendRaw;
      raw.text = kNonJsonText;
      raw.audio_ms = a.audio_ms;
      out.push_back(std::move(raw));
    }
    if (faults_.unknown_fields) a.text = add_unknown_fields(a.text);
    if (faults_.oversized_bytes && a.final_result && !oversized_sent_) {
      oversized_sent_ = true;
      a.text = pad_message(a.text, *faults_.oversized_bytes);
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace dsasr::emulator
