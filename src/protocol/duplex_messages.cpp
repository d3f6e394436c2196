#include "protocol/duplex_messages.h"

#include <utility>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dsasr::protocol {

namespace {

using rapidjson::Value;
using Allocator = rapidjson::Document::AllocatorType;

// Nesting depth of a value, walked with an explicit stack (never recursion on foreign input).
int depth_of(const Value& root) {
  std::vector<std::pair<const Value*, int>> stack{{&root, 1}};
  int deepest = 0;
  while (!stack.empty()) {
    auto [v, d] = stack.back();
    stack.pop_back();
    if (v->IsObject()) {
      if (d > deepest) deepest = d;
      for (const auto& m : v->GetObject()) stack.emplace_back(&m.value, d + 1);
    } else if (v->IsArray()) {
      if (d > deepest) deepest = d;
      for (const auto& e : v->GetArray()) stack.emplace_back(&e, d + 1);
    }
  }
  return deepest;
}

// Parses one parameter value into `doc`, or explains why it cannot be sent.
util::Status parse_parameter(const JsonMember& member, rapidjson::Document& doc) {
  const std::string& key = member.first;
  const std::string& text = member.second;
  if (key.empty()) return util::Error(util::ErrorKind::kUsage, "parameter with an empty name");
  // Iterative parsing: a hostile or mistaken value cannot recurse the stack.
  doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(text.data(),
                                                                                    text.size());
  if (doc.HasParseError()) {
    return util::Error(util::ErrorKind::kUsage,
                       "parameter '" + key + "': value is not JSON (" +
                           rapidjson::GetParseError_En(doc.GetParseError()) + " at offset " +
                           std::to_string(doc.GetErrorOffset()) + ")",
                       "strings need quotes: --param " + key + "='\"text\"'");
  }
  if (depth_of(doc) > kMaxParameterDepth) {
    return util::Error(util::ErrorKind::kUsage, "parameter '" + key +
                                                    "': value nested deeper than " +
                                                    std::to_string(kMaxParameterDepth) + " levels");
  }
  return {};
}

Value string_value(const std::string& s, Allocator& a) {
  return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}

Value header(const char* action, const std::string& task_id, Allocator& a) {
  Value h(rapidjson::kObjectType);
  h.AddMember("action", Value(action, a), a);
  h.AddMember("task_id", string_value(task_id, a), a);
  h.AddMember("streaming", "duplex", a);
  return h;
}

std::string serialise(const Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace

util::Status validate_parameters(const Request& request) {
  for (const JsonMember& m : request.parameters) {
    rapidjson::Document doc;
    util::Status s = parse_parameter(m, doc);
    if (!s) return s;
  }
  return {};
}

util::Result<std::string> build_run_task(const Request& request, const std::string& task_id) {
  rapidjson::Document doc(rapidjson::kObjectType);
  Allocator& a = doc.GetAllocator();

  Value parameters(rapidjson::kObjectType);
  parameters.AddMember("format", "pcm", a);
  parameters.AddMember("sample_rate", request.sample_rate_hz, a);
  for (const JsonMember& m : request.parameters) {
    rapidjson::Document parsed;
    util::Status s = parse_parameter(m, parsed);
    if (!s) return s.error();
    Value copy(parsed, a);  // depth already bounded by parse_parameter
    auto existing = parameters.FindMember(
        Value(m.first.data(), static_cast<rapidjson::SizeType>(m.first.size())));
    if (existing != parameters.MemberEnd()) {
      existing->value = std::move(copy);
    } else {
      parameters.AddMember(string_value(m.first, a), copy, a);
    }
  }

  Value payload(rapidjson::kObjectType);
  payload.AddMember("task_group", "audio", a);
  payload.AddMember("task", "asr", a);
  payload.AddMember("function", "recognition", a);
  payload.AddMember("model", string_value(request.model, a), a);
  payload.AddMember("parameters", parameters, a);
  Value input(rapidjson::kObjectType);
  if (request.input_context) {
    Value part(rapidjson::kObjectType);
    part.AddMember("type", "input_text", a);
    part.AddMember("text", string_value(*request.input_context, a), a);
    Value content(rapidjson::kArrayType);
    content.PushBack(part, a);
    Value turn(rapidjson::kObjectType);
    turn.AddMember("role", "user", a);
    turn.AddMember("content", content, a);
    Value context(rapidjson::kArrayType);
    context.PushBack(turn, a);
    input.AddMember("context", context, a);
  }
  payload.AddMember("input", input, a);
  if (request.phrase_id) {
    Value resource(rapidjson::kObjectType);
    resource.AddMember("resource_id", string_value(*request.phrase_id, a), a);
    resource.AddMember("resource_type", "asr_phrase", a);
    Value resources(rapidjson::kArrayType);
    resources.PushBack(resource, a);
    payload.AddMember("resources", resources, a);
  }

  doc.AddMember("header", header("run-task", task_id, a), a);
  doc.AddMember("payload", payload, a);
  return serialise(doc);
}

std::string build_finish_task(const std::string& task_id) {
  rapidjson::Document doc(rapidjson::kObjectType);
  Allocator& a = doc.GetAllocator();
  Value payload(rapidjson::kObjectType);
  payload.AddMember("input", Value(rapidjson::kObjectType), a);
  doc.AddMember("header", header("finish-task", task_id, a), a);
  doc.AddMember("payload", payload, a);
  return serialise(doc);
}

}  // namespace dsasr::protocol
