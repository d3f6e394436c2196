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
