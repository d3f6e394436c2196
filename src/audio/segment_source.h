// SegmentSource: frames [begin, end) of another Source, as a Source of their own: --parallel
// transcribes each part of a file through one (app/parallel_input.h). The first read seeks the
// inner source to `begin` (Source::seek), or reads and drops the frames before it when the
// source cannot seek; reads end at `end` (or the inner source's end, if sooner).
//
// Threads: as any Source (the capture thread reads it).
#pragma once

#include <cstdint>
#include <memory>

#include "audio/source.h"

namespace dsasr::audio {

// `end_frame` >= `begin_frame`, in the inner source's frames (its own rate).
std::unique_ptr<Source> make_segment_source(std::unique_ptr<Source> inner, uint64_t begin_frame,
                                            uint64_t end_frame);

}  // namespace dsasr::audio
