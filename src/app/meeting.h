// `dsasr mic --with-system`: the microphone and what the computer plays, transcribed at once as
// two streams into one output (a meeting: your side and the other side of a call).
//
//   sound server's default source (or -d NAME) ─► PulseCapture ─► Ring ─► Session "mic"    ─┐
//   default sink's monitor                     ─► PulseCapture ─► Ring ─► Session "system" ─┤
//                                                                                           ▼
//                  MeetingMerge (meeting_merge.h: time order, echo guard) ─► writers
//
// Each stream is a whole Session: its own task on its own connection, ring, pacing, resume,
// heartbeat and --stats line. Both captures record through the sound server (libpulse), opened
// back to back, so both timelines start together. Writers: text and jsonl outputs get one writer
// per stream on the shared sink (text lines start with the stream's label and ": ", jsonl records
// carry "source"); srt and vtt get one writer fed both streams' sentences in the merged order,
// every cue's first line starting with its stream's label. --save writes one two-channel file (mic
// left, system right; audio::StereoSaveFile).
//
// Ending. Ctrl+C finishes both tasks (their last words still arrive), exit 130. When one stream
// fails, the other is finished the same way and the run exits with the failure's status.
//
// Threads: the calling thread runs the event loop (net::Client), like run_transcribe().
#pragma once

#include "cli/config.h"

namespace dsasr::app {

class Reporter;

int run_meeting(const cli::Config& config, Reporter& reporter);

}  // namespace dsasr::app
