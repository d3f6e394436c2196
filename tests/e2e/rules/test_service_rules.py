"""The service's rules as the seeds and the official SDKs state them (issue 16), end to end: the
Qwen server-VAD finish rule against an emulator that listens at real time (slow:1), the pinned
VAD values, languages per the seeds, the wrong-family endpoint, DASHSCOPE_WEBSOCKET_BASE_URL for
both families, dsasr schema and --raw."""

import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import *  # noqa: E402,F401,F403
import harness  # noqa: E402

QWEN = "qwen3-asr-flash-realtime"
PINNED_VAD = {"type": "server_vad", "threshold": 0.2, "prefix_padding_ms": 300,
              "silence_duration_ms": 800}


def qwen_url(emu, faults=None):
    query = f"model={QWEN}" + (f"&faults={faults}" if faults else "")
    return emu.url(query, path="/api-ws/v1/realtime")


def clip_4s(tmp):
    """en.wav's first sentence (it ends at about 2.6 s) and silence: 4.0 s in all."""
    out = os.path.join(tmp, "clip4.wav")
    subprocess.run([tool("sox"), data("en.wav"), out, "trim", "0", "2.8", "pad", "0", "1.2"],
                   check=True)
    return out


def sent_and_received(emu):
    """(index of the first speech_started dsasr was sent, index of the session.finish the
    emulator received) in the emulator's log."""
    started = finish = None
    for i, rec in enumerate(emu.log()):
        msg = rec.get("json")
        if not isinstance(msg, dict):
            continue
        if rec.get("event") == "send_text" and started is None and \
                msg.get("type") == "input_audio_buffer.speech_started":
            started = i
        if rec.get("event") == "recv_text" and msg.get("type") == "session.finish":
            finish = i
    return started, finish


def finish_rule(speed):
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        clip = clip_4s(tmp)
        r = dsasr("file", "-m", QWEN, "--endpoint", qwen_url(emu, "slow:1"), "--jsonl",
                  "--speed", speed, clip, timeout=60)
        check(r.rc == 0, f"--speed {speed}: exit status", r)
        check([x["text"] for x in finals(r.out)] == script_lines("en.txt")[:1],
              f"--speed {speed}: the clip's sentence", r)
        log = emu.log_when(lambda l: any(x.get("event") == "close" for x in l))
        started, finish = sent_and_received(emu)
    check(started is not None and finish is not None and started < finish,
          f"session.finish ({finish}) came after speech_started went out ({started})", r)


def test_qwen_finish_rule_auto():
    finish_rule("auto")


def test_qwen_finish_rule_max():
    finish_rule("max")


def test_qwen_finish_rule_realtime():
    finish_rule("realtime")


def test_qwen_no_transcript_is_reported():
    # A service far slower than real time (slow:0.05 listens to 50 ms of audio per second) has
    # not reached the speech 500 ms into the clip when dsasr's bounded wait ends (the clip's
    # 4 s at real time plus the silence window and margin): it answers session.finish with
    # session.finished and no transcript (seed 003). dsasr reports that instead of exiting 0.
    import time
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        t0 = time.monotonic()
        r = dsasr("file", "-m", QWEN, "--endpoint", qwen_url(emu, "slow:0.05"), "--jsonl",
                  "--speed", "max", clip_4s(tmp))
        took = time.monotonic() - t0
        finishes = emu.received("session.finish")
    check(r.rc == 6, "exit status 6", r)
    errors = [x for x in jsonl_records(r.out) if x["type"] == "error"]
    check([x["code"] for x in errors] == ["NoTranscript"], "the error record", r)
    check(not finals(r.out), "no transcript", r)
    check("without a transcript" in r.err, "the message on stderr", r)
    check(len(finishes) == 1, "one session.finish, after the wait", r)
    # The wait is bounded: 4.0 s of audio (+0.8 s of padding) at real time, + 1 s.
    check(4.0 <= took < 15, f"waited {took:.1f} s", r)


def test_qwen_session_update_pins_vad_values():
    with Emulator(script="en.txt") as emu:
        r = dsasr("file", "-m", QWEN, "--endpoint", qwen_url(emu), "--speed", "max",
                  data("en.wav"))
        check(r.rc == 0, "default run", r)
        r2 = dsasr("file", "-m", QWEN, "--endpoint", qwen_url(emu), "--speed", "max",
                   "--vad-threshold", "0.5", "--vad-silence", "400", "--vad-prefix-padding", "100",
                   data("en.wav"))
        check(r2.rc == 0, "tuned run", r2)
        updates = [u["session"]["turn_detection"] for u in emu.received("session.update")]
    check(updates[0] == PINNED_VAD, f"the SDKs' values: {updates[0]}")
    check(list(updates[0]) == list(PINNED_VAD), f"in the SDKs' order: {list(updates[0])}")
    check(updates[1] == {"type": "server_vad", "threshold": 0.5, "prefix_padding_ms": 100,
                         "silence_duration_ms": 400}, f"tuned: {updates[1]}")


def test_qwen_8k_input_is_sent_at_8k():
    # The model lists 8000: telephone audio goes out as it is, not upsampled.
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        raw = os.path.join(tmp, "en8k.raw")
        subprocess.run([tool("sox"), data("en.wav"), "-t", "raw", "-r", "8000", "-c", "1", "-b",
                        "16", "-e", "signed-integer", raw], check=True)
        r = dsasr("file", "-m", QWEN, "--endpoint", qwen_url(emu), "--raw-rate", "8000",
                  "--speed", "max", "--jsonl", raw)
        check(r.rc == 0, "run", r)
        update = emu.received("session.update")[0]["session"]
        appended = sum(m["audio"]["bytes"] for m in emu.received("input_audio_buffer.append"))
        size = os.path.getsize(raw)
    check(update["sample_rate"] == 8000, f"sample_rate {update['sample_rate']}", r)
    # The file's bytes as they are (plus at most the finish rule's silence), not twice as many.
    check(size <= appended <= size + 8 * 1000 * 2, f"{appended} bytes of 8 kHz audio", r)
    check(len(finals(r.out)) == 4, "its four sentences", r)


def test_8k_wav_is_sent_at_8k_where_the_model_takes_it():
    # A decoded file, not only --raw-rate: the rate is chosen per input once its header is read.
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        wav8k = os.path.join(tmp, "en8k.wav")
        subprocess.run([tool("sox"), data("en.wav"), "-r", "8000", wav8k], check=True)
        r = dsasr("file", "-m", QWEN, "--endpoint", qwen_url(emu), "--speed", "max", "--jsonl",
                  wav8k, data("en.wav"))
        check(r.rc == 0, "qwen run", r)
        rates = [u["session"]["sample_rate"] for u in emu.received("session.update")]
        check(sorted(rates) == [8000, 16000], f"qwen: one input each way: {rates}", r)
        check(len(finals(r.out)) == 8, "both inputs' four sentences", r)
        for model, want in (("paraformer-realtime-v2", 8000), ("fun-asr-realtime", 16000)):
            r = dsasr("file", "-m", model, "--endpoint", emu.url(), "--speed", "max", wav8k)
            check(r.rc == 0, f"{model} run", r)
            got = emu.received("run-task")[-1]["payload"]["parameters"]["sample_rate"]
            check(got == want, f"{model}: sample_rate {got}, want {want}", r)


def run_task_parameters(emu, *args):
    r = dsasr("file", "--endpoint", emu.url(), "--speed", "max", *args, data("en.wav"))
    check(r.rc == 0, f"dsasr {' '.join(args)}", r)
    return emu.received("run-task")[-1]["payload"]["parameters"], r


def test_languages_reach_run_task():
    with Emulator(script="en.txt") as emu:
        p, r = run_task_parameters(emu, "-m", "gummy-realtime-v1", "-l", "pt")
        check(p.get("source_language") == "pt", f"gummy -l pt: {p}", r)
        check("warning" not in r.err, "a seed language needs no warning", r)
        p, r = run_task_parameters(emu, "-m", "gummy-chat-v1", "-l", "auto")
        check(p.get("source_language") == "auto", f"gummy -l auto: {p}", r)
        p, r = run_task_parameters(emu, "-m", "paraformer-realtime-v2", "-l", "zh", "-l", "en")
        check(p.get("language_hints") == ["zh", "en"], f"paraformer -l zh -l en: {p}", r)
        # A language only the parameter table lists: passed through with a warning.
        p, r = run_task_parameters(emu, "-m", "fun-asr-realtime", "-l", "ko")
        check(p.get("language_hints") == ["ko"], f"fun-asr -l ko: {p}", r)
        check("warning: --language ko" in r.err, "the warning names the language", r)
    r = dsasr("file", "-m", "gummy-realtime-v1", "-l", "xx", data("en.wav"))
    check(r.rc == 2 and "--language xx is not supported" in r.err, "unknown codes are refused", r)


def test_gummy_takes_its_sdk_options():
    with Emulator(script="en.txt") as emu:
        r = dsasr("file", "--endpoint", emu.url(), "--speed", "max", "-m", "gummy-realtime-v1",
                  "--phrase-id", "phrase-1", "--semantic-punctuation", "--disfluency-removal",
                  data("en.wav"))
        check(r.rc == 0, "run", r)
        task = emu.received("run-task")[-1]["payload"]
    check(task["parameters"].get("semantic_punctuation_enabled") is True, f"{task}")
    check(task["parameters"].get("disfluency_removal_enabled") is True, f"{task}")
    check(task.get("resources") == [{"resource_id": "phrase-1", "resource_type": "asr_phrase"}],
          f"{task}")
    # Where the seed's table does not confirm them, dsasr says so.
    check("--disfluency-removal is sent to gummy-realtime-v1" in r.err, "warning", r)


def test_wrong_family_endpoint_fails_fast_with_a_hint():
    for model in (QWEN, "qwen3-omni-flash-realtime"):
        with Emulator(script="en.txt") as emu:
            r = dsasr("file", "-m", model, "--endpoint", emu.url(), "--speed", "max",
                      data("en.wav"))
            conns = [x for x in emu.log() if x.get("event") == "handshake"]
            check(r.rc == 2, f"{model}: a usage error, not exit 5 after retries", r)
            check("/api-ws/v1/realtime" in r.err, "the hint names the right path", r)
            check(len(conns) == 1, f"connected once: {len(conns)}", r)
    with Emulator(script="en.txt") as emu:
        r = dsasr("file", "-m", "fun-asr-realtime", "--endpoint",
                  emu.url(path="/api-ws/v1/realtime"), "--speed", "max", data("en.wav"))
        conns = [x for x in emu.log() if x.get("event") == "handshake"]
        check(r.rc == 2, "a usage error", r)
        check("/api-ws/v1/inference" in r.err, "the hint names the right path", r)
        check(len(conns) <= 1, f"connected at most once: {len(conns)}", r)


def test_base_url_variable_serves_qwen():
    with Emulator(script="en.txt") as emu:
        base = emu.url()  # the duplex endpoint, as the SDKs use the variable
        r = dsasr("file", "-m", QWEN, "--speed", "max", "--jsonl", data("en.wav"),
                  env={"DASHSCOPE_WEBSOCKET_BASE_URL": base})
        check(r.rc == 0, "run", r)
        check(len(emu.received("session.update")) == 1, "the realtime endpoint was used", r)
        check(len(finals(r.out)) >= 1, "a transcript", r)


def test_schema_command_is_draft_2020_12():
    p = subprocess.run([harness.PATHS["dsasr"], "schema"], capture_output=True, check=True)
    schema = json.loads(p.stdout)
    check(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", "draft 2020-12")
    check(schema["x-dsasr-schema-version"] == "1.3", "versioned")
    for kind in ("final", "partial", "gap", "error", "stats"):
        check(kind in schema["$defs"], f"record type {kind}")
    v = harness.schema_validator()
    check(not list(v.iter_errors({"type": "final", "input": "x", "sentence_id": 1, "begin_ms": 0,
                                  "end_ms": 5, "text": "t", "task_id": "i"})), "a final")
    check(list(v.iter_errors({"type": "final", "input": "x", "sentence_id": 1, "begin_ms": 0,
                              "end_ms": 5, "text": "t", "task_id": "i", "surprise": 1})),
          "an unlisted field is refused")


def test_raw_and_sdk_fields_in_jsonl():
    with Emulator(script="en.txt") as emu:
        r = dsasr("file", "--endpoint", emu.url(), "--speed", "max", "--jsonl", "--raw",
                  "--partials", "--words", "-m", "gummy-realtime-v1", "--translate-to", "zh",
                  data("en.wav"))
        check(r.rc == 0, "run", r)
    recs = [x for x in jsonl_records(r.out) if x["type"] in ("final", "partial")]
    check(recs, "records", r)
    for x in recs:
        raw = x.get("raw")
        check(isinstance(raw, dict) and raw["header"]["event"] == "result-generated",
              f"raw is the service's message: {x}", r)
    fin = [x for x in recs if x["type"] == "final"]
    check(all("service_sentence_id" in x for x in fin), "the service's sentence id", r)
    check(all(w.get("fixed") is True for x in fin for w in x.get("words", [])),
          "Gummy words carry fixed", r)
    r = dsasr("file", "--raw", data("en.wav"))
    check(r.rc == 2 and "--raw applies to jsonl" in r.err, "--raw needs jsonl", r)


if __name__ == "__main__":
    run_case(globals())
