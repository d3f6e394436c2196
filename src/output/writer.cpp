#include "output/writer.h"

#include "output/jsonl_writer.h"
#include "output/srt_writer.h"
#include "output/text_writer.h"
#include "output/vtt_writer.h"

namespace dsasr::output {

std::unique_ptr<Writer> make_writer(const WriterOptions& options, Sink& sink) {
  switch (options.format) {
    case Format::kJsonl:
      return std::make_unique<JsonlWriter>(options, sink);
    case Format::kSrt:
      return std::make_unique<SrtWriter>(options, sink);
    case Format::kVtt:
      return std::make_unique<VttWriter>(options, sink);
    case Format::kText:
      break;
  }
  return std::make_unique<TextWriter>(options, sink);
}

}  // namespace dsasr::output
