// Helpers shared by the fuzz targets: a check that aborts with a message (libFuzzer records
// the input as a crash; the corpus replay fails), input splitting, UTF-8 validation, and
// the invariants every protocol::Machine's output must keep. Single-threaded.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocol/machine.h"

// The libFuzzer entry point each fuzz target defines (replay_main.cpp calls it without
// libFuzzer).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace dsasr::fuzz {

// Aborts when `ok` is false: a broken contract is a finding, like a crash.
inline void check(bool ok, const char* what, std::string_view detail = {}) {
  if (ok) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  if (!detail.empty()) {
    std::fprintf(stderr, "  detail: %.*s\n", static_cast<int>(std::min<size_t>(detail.size(), 400)),
                 detail.data());
  }
  std::abort();
}

// Pieces of `input` between any of the separator bytes (empty pieces kept).
inline std::vector<std::string_view> split(std::string_view input, std::string_view separators) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= input.size(); ++i) {
    if (i == input.size() || separators.find(input[i]) != std::string_view::npos) {
      parts.push_back(input.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// True for well-formed UTF-8 (RFC 3629), written independently of the code under test.
inline bool is_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    const uint32_t min = len == 2 ? 0x80u : len == 3 ? 0x800u : 0x10000u;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

// One line of at most `max_bytes`, valid UTF-8, no C0 control bytes or DEL.
inline bool is_short_line(std::string_view s, size_t max_bytes) {
  if (s.size() > max_bytes || !is_utf8(s)) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return false;
  }
  return true;
}

// Checks the documented contract of a Machine's events across the calls of one task or
// session: every string is valid UTF-8; Warning and ResultFailed messages are short single
// lines; Progress never decreases; Finished or Failed comes once, last, exactly when done()
// turns true, and nothing follows it.
class MachineChecker {
 public:
  // "A few hundred bytes" (protocol/events.h), with room to spare.
  static constexpr size_t kMaxMessageLineBytes = 1024;

  void after_call(const protocol::Output& out, const protocol::Machine& m) {
    for (const protocol::Event& e : out.events) {
      check(!ended_, "an event after Finished/Failed");
      if (const auto* p = std::get_if<protocol::Partial>(&e)) {
        check_sentence(p->sentence);
      } else if (const auto* f = std::get_if<protocol::Final>(&e)) {
        check_sentence(f->sentence);
        check(f->sentence.end_ms.has_value(), "a Final without end_ms");
      } else if (const auto* pr = std::get_if<protocol::Progress>(&e)) {
        check(pr->audio_ms >= 0, "negative Progress");
        check(!progress_ || pr->audio_ms >= *progress_, "Progress went backwards");
        progress_ = pr->audio_ms;
      } else if (const auto* w = std::get_if<protocol::Warning>(&e)) {
        check(is_short_line(w->message, kMaxMessageLineBytes), "Warning is not one short line",
              w->message);
      } else if (const auto* rf = std::get_if<protocol::ResultFailed>(&e)) {
        check(is_short_line(rf->message, kMaxMessageLineBytes),
              "ResultFailed message is not one short line", rf->message);
        check(is_utf8(rf->code), "ResultFailed code is not UTF-8", rf->code);
      } else if (const auto* fl = std::get_if<protocol::Failed>(&e)) {
        check(is_utf8(fl->code) && is_utf8(fl->message), "Failed is not UTF-8", fl->message);
        ended_ = true;
      } else if (std::holds_alternative<protocol::Finished>(e)) {
        ended_ = true;
      }
    }
    check(m.done() == ended_, "done() disagrees with the Finished/Failed events");
    for (const protocol::Frame& f : out.frames) {
      if (f.kind == protocol::Frame::Kind::kText) {
        check(is_utf8(f.data), "a text frame is not UTF-8", f.data);
      }
    }
  }

 private:
  static void check_sentence(const protocol::Sentence& s) {
    check(is_utf8(s.text), "sentence text is not UTF-8", s.text);
    for (const protocol::Word& w : s.words) {
      check(is_utf8(w.text) && is_utf8(w.punct), "word text is not UTF-8", w.text);
    }
    for (const auto& [lang, text] : s.translations) {
      check(is_utf8(lang) && is_utf8(text), "translation is not UTF-8", text);
    }
    if (s.language) check(is_utf8(*s.language), "language is not UTF-8", *s.language);
    if (s.emotion) check(is_utf8(*s.emotion), "emotion is not UTF-8", *s.emotion);
  }

  bool ended_ = false;
  std::optional<int64_t> progress_;
};

}  // namespace dsasr::fuzz
