#include "output/srt_writer.h"

#include "output/timecode.h"

namespace dsasr::output {

SrtWriter::SrtWriter(const WriterOptions& options, Sink& sink)
    : sink_(sink), captions_(options.captions), languages_(options.languages) {}

// Captions show only final text: a partial would need to be retracted, which files cannot do.
void SrtWriter::partial(const protocol::Sentence& /*sentence*/, const std::string& /*task_id*/) {}

void SrtWriter::final(const protocol::Sentence& sentence, const std::string& /*task_id*/) {
  for (Cue& cue : segment_sentence(shown_sentence(sentence, languages_), captions_)) {
    const Cue placed = timeline_.place(std::move(cue));
    std::string record = std::to_string(next_number_++) + '\n';
    record += srt_timecode(placed.begin_ms) + " --> " + srt_timecode(placed.end_ms) + '\n';
    for (const std::string& line : placed.lines) record += line + '\n';
    record += '\n';
    sink_.write(record);
  }
}

// A caption file has no place for errors or statistics; app/ reports both on stderr.
void SrtWriter::error(const std::string& /*code*/, const std::string& /*message*/,
                      int /*exit_code*/) {}

void SrtWriter::stats(const Stats& /*stats*/) {}

// Every cue is complete when written; there is nothing to close.
void SrtWriter::finish() {}

}  // namespace dsasr::output
