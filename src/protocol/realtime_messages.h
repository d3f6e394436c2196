// The client events of the Qwen realtime protocol (protocol.md §3.2), built as exact text. Pure
// functions; any thread.
#pragma once

#include <string>
#include <string_view>

#include "protocol/request.h"
#include "util/result.h"

namespace dsasr::protocol {

// The session.update event:
//   {"event_id":E,"type":"session.update",
//    "session":{"modalities":["text"],"input_audio_format":"pcm","sample_rate":R,
//               ["input_audio_transcription":{["language":L,]["corpus":{"text":C}]},]
//               "turn_detection":null | {"type":"server_vad","threshold":T,
//                                        "prefix_padding_ms":P,"silence_duration_ms":S}
//               <request.session_extra in order>}}
// input_audio_transcription is present only when Request::language or corpus_text is set;
// turn_detection is always present (null for Request::manual_commit), so the server's mode is
// the one the machine assumes. A session_extra member whose key is already present replaces
// that value in place (the object never holds a key twice). Values are checked like
// validate_parameters() (one JSON value, bounded depth); usage error naming the key otherwise.
util::Result<std::string> build_session_update(const Request& request, const std::string& event_id);

// The Qwen-Omni conversation's session.update (protocol.md §11):
//   {"event_id":E,"type":"session.update",
//    "session":{"modalities":["text"],"instructions":I,"input_audio_format":"pcm16",
//               "turn_detection":{"type":"server_vad","threshold":T,"prefix_padding_ms":P,
//                                 "silence_duration_ms":S,"create_response":true,
//                                 "interrupt_response":false}
//               <request.session_extra in order>}}
// I is Request::instructions (must be set). Text output only; the model answers each turn the
// server's VAD closes (create_response), and speech that starts while it answers does not cut
// the answer off (interrupt_response: a transcript must not lose the previous sentence). The
// audio format is the SDK's name for 16 kHz s16le mono (AudioFormat.PCM_16000HZ_MONO_16BIT).
// session_extra and its checks as for build_session_update.
util::Result<std::string> build_omni_session_update(const Request& request,
                                                    const std::string& event_id);

// True when the session will run in Manual mode: turn_detection is null after session_extra
// is applied (Request::manual_commit, or --param turn_detection=null). An unparsable
// session_extra value counts as not given (build_session_update refuses it anyway).
bool is_manual_commit(const Request& request);

// {"event_id":E,"type":"input_audio_buffer.append","audio":"<base64 of pcm_bytes>"}
std::string build_append(const std::string& event_id, std::string_view pcm_bytes);

// {"event_id":E,"type":"input_audio_buffer.commit"}
std::string build_commit(const std::string& event_id);

// {"event_id":E,"type":"session.finish"}
std::string build_session_finish(const std::string& event_id);

}  // namespace dsasr::protocol
