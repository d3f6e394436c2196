#include "output/vtt_writer.h"

#include "output/timecode.h"

namespace dsasr::output {

namespace {

std::string escape_cue_text(const std::string& line) {
  std::string out;
  out.reserve(line.size());
  for (char c : line) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace

VttWriter::VttWriter(const WriterOptions& options, Sink& sink)
    : sink_(sink), captions_(options.captions), languages_(options.languages) {
  sink_.write("WEBVTT\n\n");
}

// Captions show only final text: a partial would need to be retracted, which files cannot do.
void VttWriter::partial(const protocol::Sentence& /*sentence*/, const std::string& /*task_id*/) {}

void VttWriter::final(const protocol::Sentence& sentence, const std::string& /*task_id*/) {
  for (Cue& cue : segment_sentence(shown_sentence(sentence, languages_), captions_)) {
    const Cue placed = timeline_.place(std::move(cue));
    std::string record = std::to_string(next_number_++) + '\n';
    record += vtt_timecode(placed.begin_ms) + " --> " + vtt_timecode(placed.end_ms) + '\n';
    for (const std::string& line : placed.lines) record += escape_cue_text(line) + '\n';
    record += '\n';
    sink_.write(record);
  }
}

// A caption file has no place for errors or statistics; app/ reports both on stderr.
void VttWriter::error(const std::string& /*code*/, const std::string& /*message*/,
                      int /*exit_code*/) {}

void VttWriter::stats(const Stats& /*stats*/) {}

// Every cue is complete when written; there is nothing to close.
void VttWriter::finish() {}

}  // namespace dsasr::output
