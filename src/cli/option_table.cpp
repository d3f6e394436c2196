#include "cli/option_table.h"

#include <cassert>

#include "protocol/models.h"

namespace dsasr::cli {

std::string_view group_title(Group g) {
  switch (g) {
    case Group::kGeneral:
      return "General";
    case Group::kService:
      return "Service and credentials";
    case Group::kRecognition:
      return "Recognition";
    case Group::kOutput:
      return "Output";
    case Group::kPacing:
      return "Pacing and batches";
    case Group::kInput:
      return "Input";
    case Group::kCost:
      return "Cost";
    case Group::kDiagnostics:
      return "Diagnostics";
  }
  return "?";
}

uint32_t command_bit(Command c) {
  switch (c) {
    case Command::kNone:
      return kTopLevelBit;
    case Command::kFile:
      return kFileBit;
    case Command::kMic:
      return kMicBit;
    case Command::kDevices:
      return kDevicesBit;
    case Command::kModels:
      return kModelsBit;
    case Command::kSchema:
      return kSchemaBit;
    case Command::kConfig:
      return kConfigBit;
    case Command::kDoctor:
      return kDoctorBit;
    case Command::kCompletion:
      return kCompletionBit;
    case Command::kVocab:
      return kVocabBit;
    case Command::kVersion:
    case Command::kHelp:
      return 0;
  }
  return 0;
}

namespace {

using G = Group;
using O = OptionId;

constexpr uint32_t kAll = kTopLevelBit | kFileBit | kMicBit | kDevicesBit | kModelsBit |
                          kSchemaBit | kConfigBit | kDoctorBit | kCompletionBit | kVocabBit;
// Options of the commands that stream audio to the service.
constexpr uint32_t kStream = kFileBit | kMicBit;
// What `devices` takes besides help and version: it talks to no service and writes no results.
constexpr uint32_t kStreamAndDevices = kStream | kDevicesBit;
// Options of the service and credentials: `doctor` checks them too.
constexpr uint32_t kServiceUsers = kStream | kDoctorBit;
// The service options `vocab` takes too (it talks to the HTTP API with the same key and TLS).
constexpr uint32_t kHttpUsers = kServiceUsers | kVocabBit;

std::vector<OptionSpec> make_options() {
  // Columns: id, long, short, value, group, commands, model features (any of), env, repeatable,
  // help.
  return {
      {O::kHelp, "help", 'h', "", G::kGeneral, kAll, 0, "", false,
       "show help for the command and exit"},
      {O::kVersion, "version", 0, "", G::kGeneral, kAll, 0, "", false,
       "print the version and exit"},
      {O::kProfile, "profile", 0, "NAME", G::kGeneral,
       kStreamAndDevices | kConfigBit | kDoctorBit | kVocabBit, 0, "DSASR_PROFILE", false,
       "apply the [profile.NAME] table of the configuration file"},

      {O::kModel, "model", 'm', "NAME", G::kService, kHttpUsers, 0, "", false,
       "model to use (default fun-asr-realtime; see 'dsasr models')"},
      {O::kProtocol, "protocol", 0, "FAMILY", G::kService, kServiceUsers, 0, "", false,
       "protocol family, duplex or realtime; required for a model 'dsasr models' does not list"},
      {O::kRegion, "region", 0, "REGION", G::kService, kHttpUsers, 0, "", false,
       "service region: beijing (default) or singapore"},
      {O::kEndpoint, "endpoint", 0, "URL", G::kService, kHttpUsers, 0,
       "DASHSCOPE_WEBSOCKET_BASE_URL", false,
       "connect to this ws:// or wss:// URL instead of the region's"},
      {O::kHttpEndpoint, "http-endpoint", 0, "URL", G::kService, kHttpUsers, 0,
       "DASHSCOPE_HTTP_BASE_URL", false,
       "HTTP API base for hot-word vocabularies (default: from --endpoint, else the region's "
       "https://HOST/api/v1)"},
      {O::kWorkspace, "workspace", 0, "ID", G::kService, kHttpUsers, 0, "", false,
       "workspace to bill, sent as X-DashScope-WorkSpace"},
      {O::kApiKeyFile, "api-key-file", 0, "FILE", G::kService, kHttpUsers, 0,
       "DASHSCOPE_API_KEY_FILE_PATH", false,
       "read the API key from FILE (a key is never taken on the command line)"},
      {O::kCaFile, "ca-file", 0, "FILE", G::kService, kHttpUsers, 0, "", false,
       "also trust the PEM certificates in FILE"},
      {O::kInsecure, "insecure", 0, "", G::kService, kHttpUsers, 0, "", false,
       "do not verify the server's TLS certificate (for tests only)"},
      {O::kRetries, "retries", 0, "N", G::kService, kStream, 0, "", false,
       "reconnect at most N times after a dropped connection or retryable error (default 5)"},

      {O::kLanguage, "language", 'l', "CODE", G::kRecognition, kStream, 0, "", true,
       "language spoken, such as zh, en or auto (see 'dsasr models'); repeat for several "
       "language hints where the model takes a list"},
      {O::kVocabularyId, "vocabulary-id", 0, "ID", G::kRecognition, kStream, protocol::kVocabulary,
       "", false, "hot-word list to favour (vocab-...)"},
      {O::kHotwords, "hotwords", 0, "FILE", G::kRecognition, kStream, protocol::kVocabulary, "",
       false,
       "favour the words in FILE: their vocabulary is found or created once, then reused (see "
       "'dsasr vocab')"},
      {O::kPhraseId, "phrase-id", 0, "ID", G::kRecognition, kStream, protocol::kPhrase, "", false,
       "legacy hot-word phrase list"},
      {O::kSemanticPunctuation, "semantic-punctuation", 0, "", G::kRecognition, kStream,
       protocol::kSemanticPunctuation, "", false, "end sentences by meaning instead of by silence"},
      {O::kMaxSentenceSilence, "max-sentence-silence", 0, "MS", G::kRecognition, kStream,
       protocol::kSentenceSilence | protocol::kEndSilence, "", false,
       "silence that ends a sentence, 200 to 6000 ms"},
      {O::kMultiThreshold, "multi-threshold", 0, "", G::kRecognition, kStream,
       protocol::kMultiThreshold, "", false, "keep silence-split sentences from growing too long"},
      {O::kDisfluencyRemoval, "disfluency-removal", 0, "", G::kRecognition, kStream,
       protocol::kDisfluencyRemoval, "", false, "remove filler words"},
      {O::kNoPunctuation, "no-punctuation", 0, "", G::kRecognition, kStream,
       protocol::kPunctuationToggle, "", false, "do not add punctuation"},
      {O::kNoItn, "no-itn", 0, "", G::kRecognition, kStream, protocol::kItnToggle, "", false,
       "write numbers as spoken (no inverse text normalization)"},
      {O::kHeartbeat, "heartbeat", 0, "", G::kRecognition, kStream, protocol::kHeartbeat, "", false,
       "keep the connection open through long silences (on by default for mic)"},
      {O::kNoHeartbeat, "no-heartbeat", 0, "", G::kRecognition, kMicBit, 0, "", false,
       "do not ask the service to keep a silent connection open"},
      {O::kNoiseThreshold, "noise-threshold", 0, "X", G::kRecognition, kStream,
       protocol::kNoiseThreshold, "", false,
       "speech/noise threshold of the voice detector, -1 to 1"},
      {O::kTranslateTo, "translate-to", 0, "LANG", G::kRecognition, kStream, protocol::kTranslation,
       "", false, "also translate into LANG"},
      {O::kNoTranscription, "no-transcription", 0, "", G::kRecognition, kStream,
       protocol::kTranscriptionToggle, "", false,
       "translate only: the translation becomes the text (needs --translate-to)"},
      {O::kContext, "context", 0, "TEXT|@FILE", G::kRecognition, kStream,
       protocol::kContext | protocol::kInputContext, "", false,
       "background text (terms, names) to bias recognition; @FILE reads it from FILE"},
      {O::kPrompt, "prompt", 0, "TEXT|@FILE", G::kRecognition, kStream, protocol::kPrompt, "",
       false,
       "instructions for Qwen-Omni, replacing its default transcription prompt; @FILE reads "
       "them from FILE"},
      {O::kVadThreshold, "vad-threshold", 0, "X", G::kRecognition, kStream, protocol::kServerVad,
       "", false, "speech threshold of the service's voice detector, -1 to 1 (default 0.2)"},
      {O::kVadSilence, "vad-silence", 0, "MS", G::kRecognition, kStream, protocol::kServerVad, "",
       false, "silence that ends an utterance, 200 to 6000 ms (default 800)"},
      {O::kVadPrefixPadding, "vad-prefix-padding", 0, "MS", G::kRecognition, kStream,
       protocol::kServerVad, "", false,
       "audio before detected speech that the service keeps, 0 to 6000 ms (default 300)"},
      {O::kManualCommit, "manual-commit", 0, "", G::kRecognition, kStream, protocol::kServerVad, "",
       false, "no voice detection: recognise the whole input as one utterance at its end"},
      {O::kNoEmotion, "no-emotion", 0, "", G::kRecognition, kStream, protocol::kEmotionToggle, "",
       false, "turn emotion recognition off (it needs silence-based sentence ends)"},
      {O::kParam, "param", 0, "KEY=JSON", G::kRecognition, kStream, 0, "", true,
       "pass one more service parameter unchanged (repeatable)"},

      {O::kFormat, "format", 'f', "FORMAT", G::kOutput, kStream, 0, "", false,
       "text (default), jsonl, srt or vtt; with --output-dir a list such as srt,vtt,jsonl"},
      {O::kJsonl, "jsonl", 0, "", G::kOutput, kStream, 0, "", false, "same as --format jsonl"},
      {O::kSrt, "srt", 0, "", G::kOutput, kStream, 0, "", false, "same as --format srt"},
      {O::kVtt, "vtt", 0, "", G::kOutput, kStream, 0, "", false, "same as --format vtt"},
      {O::kOutput, "output", 'o', "FILE", G::kOutput, kStream, 0, "", true,
       "write to FILE instead of standard output ('-' is standard output); repeatable, the "
       "format of each from its extension (.txt, .jsonl, .srt, .vtt)"},
      {O::kOutputDir, "output-dir", 0, "DIR", G::kOutput, kFileBit, 0, "", false,
       "write one INPUT-STEM.EXT per input and format into DIR (created when missing)"},
      {O::kPartials, "partials", 0, "", G::kOutput, kStream, 0, "", false,
       "also show interim results (jsonl records; redrawn in place on a terminal)"},
      {O::kWords, "words", 0, "", G::kOutput, kStream, 0, "", false,
       "include word timestamps in jsonl"},
      {O::kMaxLineWidth, "max-line-width", 0, "N", G::kOutput, kStream, 0, "", false,
       "caption line width in display columns (default 42)"},
      {O::kMaxLines, "max-lines", 0, "N", G::kOutput, kStream, 0, "", false,
       "lines per caption (default 2)"},
      {O::kMaxCueDuration, "max-cue-duration", 0, "SEC", G::kOutput, kStream, 0, "", false,
       "longest caption cue in seconds (default 7)"},
      {O::kCaptionLang, "caption-lang", 0, "WHICH", G::kOutput, kStream, 0, "", false,
       "with --translate-to, what text, srt and vtt show: source, target or both (default)"},
      {O::kTimestamps, "timestamps", 0, "", G::kOutput, kStream, 0, "", false,
       "text: begin each line with [HH:MM:SS.mmm --> HH:MM:SS.mmm]"},
      {O::kRaw, "raw", 0, "", G::kOutput, kStream, 0, "", false,
       "jsonl: add the service's own result object to each record as \"raw\""},

      {O::kSpeed, "speed", 0, "SPEED", G::kPacing, kFileBit, 0, "", false,
       "send audio at auto (default), realtime, N times real time, or max speed"},
      {O::kWindow, "window", 0, "SEC", G::kPacing, kFileBit, 0, "", false,
       "with --speed auto, how far ahead of the results to send (default 10)"},
      {O::kJobs, "jobs", 'j', "N", G::kPacing, kFileBit, 0, "", false,
       "transcribe N inputs at the same time; with --parallel, N connections (default 1, "
       "or the number of parts)"},
      {O::kParallel, "parallel", 0, "N|auto", G::kPacing, kFileBit, 0, "", false,
       "cut each file at silences into up to N parts transcribed at once, then stitched (auto: "
       "one part per minute, at most 8 or -j)"},
      {O::kFrom, "from", 0, "FILE", G::kPacing, kFileBit, 0, "", false,
       "also read input paths from FILE, one per line ('-' is standard input)"},
      {O::kSkipExisting, "skip-existing", 0, "", G::kPacing, kFileBit, 0, "", false,
       "with --output-dir, skip inputs whose every output already exists"},
      {O::kShard, "shard", 0, "K/N", G::kPacing, kFileBit, 0, "", false,
       "take only the inputs whose position in the sorted list is K modulo N (1 <= K <= N)"},

      {O::kRawRate, "raw-rate", 0, "HZ", G::kInput, kFileBit, 0, "", false,
       "read inputs as headerless 16-bit little-endian PCM at HZ"},
      {O::kRawChannels, "raw-channels", 0, "N", G::kInput, kFileBit, 0, "", false,
       "channels of headerless input (default 1)"},
      {O::kDevice, "device", 'd', "NAME|INDEX", G::kInput, kMicBit, 0, "", false,
       "capture device, by index or name (see 'dsasr devices'; default: the system default)"},
      {O::kDuration, "duration", 0, "SEC", G::kInput, kMicBit, 0, "", false,
       "stop after SEC seconds of audio"},
      {O::kSave, "save", 0, "FILE", G::kInput, kMicBit, 0, "", false,
       "also save the audio sent to FILE (.wav or .flac)"},
      {O::kBuffer, "buffer", 0, "SEC", G::kInput, kMicBit, 0, "", false,
       "keep up to SEC seconds of audio while the service is unreachable (default 120)"},
      {O::kSystem, "system", 0, "[=SINK]", G::kInput, kMicBit, 0, "", false,
       "record what the computer plays (the default sink's monitor, or SINK's) instead of the "
       "microphone"},
      {O::kWithSystem, "with-system", 0, "", G::kInput, kMicBit, 0, "", false,
       "record the microphone and what the computer plays at once, as two labelled streams"},
      {O::kLabels, "labels", 0, "MIC,SYSTEM", G::kInput, kMicBit, 0, "", false,
       "with --with-system, the two streams' labels (default mic,system)"},
      {O::kEchoGuard, "echo-guard", 0, "", G::kInput, kMicBit, 0, "", false,
       "with --with-system, drop microphone sentences that repeat what the computer played"},

      {O::kSkipSilence, "skip-silence", 0, "[=MS]", G::kCost, kStream, 0, "", false,
       "send silences longer than MS (default: the sentence-ending silence + 500) cut to MS"},
      {O::kSkipSilenceAggressiveness, "skip-silence-aggressiveness", 0, "N", G::kCost, kStream, 0,
       "", false, "voice detector mode 0 (keeps most audio) to 3 (skips most; default 1)"},
      {O::kPrice, "price", 0, "PER_SECOND", G::kCost, kStream, 0, "", false,
       "price per second of audio sent, for the estimate (default: the seeds' table)"},
      {O::kMaxCost, "max-cost", 0, "AMOUNT", G::kCost, kStream, 0, "", false,
       "stop sending (and finish cleanly, exit 9) before the estimated cost passes AMOUNT"},

      {O::kStats, "stats", 0, "", G::kDiagnostics, kStream, 0, "", false,
       "at exit, print task ids, audio and billed seconds, delays and reconnects to stderr"},
      {O::kVerbose, "verbose", 'v', "", G::kDiagnostics, kStreamAndDevices | kDoctorBit | kVocabBit,
       0, "", true, "say more on stderr; repeat for more"},
      {O::kQuiet, "quiet", 'q', "", G::kDiagnostics, kStreamAndDevices | kDoctorBit | kVocabBit, 0,
       "", false, "print nothing on stderr but errors"},
      {O::kColor, "color", 0, "WHEN", G::kDiagnostics, kStreamAndDevices | kDoctorBit | kVocabBit,
       0, "NO_COLOR", false, "colour diagnostics: auto (default), always or never"},
      {O::kProgress, "progress", 0, "", G::kDiagnostics, kFileBit, 0, "", false,
       "show the progress line on stderr even when it is not a terminal"},

      {O::kJson, "json", 0, "", G::kGeneral, kModelsBit | kVocabBit, 0, "", false,
       "print the list (or the vocabulary) as JSON"},
      {O::kPrefix, "prefix", 0, "PREFIX", G::kGeneral, kVocabBit, 0, "", false,
       "vocab create: the vocabulary's prefix (lower-case letters and digits, under 10); "
       "vocab list: only vocabularies with this prefix"},
      {O::kOlderThan, "older-than", 0, "DAYS", G::kGeneral, kVocabBit, 0, "", false,
       "vocab prune: delete only vocabularies last changed DAYS days ago or longer"},
  };
}

}  // namespace

const std::vector<OptionSpec>& all_options() {
  static const std::vector<OptionSpec> options = [] {
    std::vector<OptionSpec> v = make_options();
    // option(id) indexes by id: keep the table in enum order.
    for (std::size_t i = 0; i < v.size(); ++i) assert(static_cast<std::size_t>(v[i].id) == i);
    assert(v.size() == kOptionCount);
    return v;
  }();
  return options;
}

const OptionSpec& option(OptionId id) {
  return all_options()[static_cast<std::size_t>(id)];
}

}  // namespace dsasr::cli
