#include "output/text_writer.h"

#include <algorithm>

#include "output/display_width.h"
#include "output/timecode.h"

namespace dsasr::output {

namespace {
constexpr char kClearLine[] = "\r\033[K";
}  // namespace

TextWriter::TextWriter(const WriterOptions& options, Sink& sink)
    : sink_(sink),
      prefix_(printable_text(options.text_prefix)),
      languages_(options.languages),
      live_partials_(options.live_partials),
      timestamps_(options.timestamps),
      terminal_columns_(options.terminal_columns < 2 ? 80 : options.terminal_columns) {}

void TextWriter::partial(const protocol::Sentence& partial, const std::string& /*task_id*/) {
  if (!live_partials_) return;
  const protocol::Sentence sentence = shown_sentence(partial, languages_);
  // One column is left free: writing into the last column makes some terminals wrap, and the
  // next "\r" would then return to the wrong line.
  const int columns = terminal_columns_ - 1;
  const int text_columns = std::max(columns - display_width(prefix_), 0);
  std::string line = prefix_ + truncate_left_to_width(printable_text(sentence.text), text_columns);
  if (display_width(line) > columns) line = truncate_left_to_width(line, columns);
  sink_.write(kClearLine + line);
  partial_shown_ = true;
}

void TextWriter::final(const protocol::Sentence& final_sentence, const std::string& /*task_id*/) {
  const protocol::Sentence sentence = shown_sentence(final_sentence, languages_);
  std::string record;
  if (live_partials_) record = kClearLine;
  std::string prefix = prefix_;
  if (timestamps_) {
    int64_t end_ms = sentence.begin_ms;
    if (sentence.end_ms) {
      end_ms = *sentence.end_ms;
    } else if (!sentence.words.empty()) {
      end_ms = sentence.words.back().end_ms;
    }
    prefix += "[" + vtt_timecode(sentence.begin_ms) + " --> " +
              vtt_timecode(std::max(end_ms, sentence.begin_ms)) + "] ";
  }
  const std::string text = printable_text(sentence.text);
  if (!text.empty()) record += prefix + text + '\n';
  for (const auto& [language, translation] : sentence.translations) {
    const std::string line = printable_text(translation);
    if (!line.empty()) record += prefix + line + '\n';
  }
  const bool has_lines = !record.empty() && record.back() == '\n';
  if (has_lines || partial_shown_) sink_.write(record);
  partial_shown_ = false;
}

void TextWriter::error(const std::string& /*code*/, const std::string& /*message*/,
                       int /*exit_code*/) {
  // app/ prints the error on stderr; on a terminal it must not land after a partial line.
  clear_partial();
}

// Text output carries only speech; app/ prints --stats on stderr.
void TextWriter::stats(const Stats& /*stats*/) {}

void TextWriter::finish() {
  clear_partial();
}

void TextWriter::clear_partial() {
  if (!partial_shown_) return;
  sink_.write(kClearLine);
  partial_shown_ = false;
}

}  // namespace dsasr::output
