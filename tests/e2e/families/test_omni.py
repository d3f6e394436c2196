"""Qwen-Omni (qwen3-omni-flash-realtime, seed 003's alternative): dsasr prompts the audio LLM to
transcribe and turns each answer into one final; the prompt reaches session.instructions; a
connection dropped in the middle of a turn resumes from the unanswered turn."""

import json
import os
import sys
import tempfile
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *  # noqa: E402,F401,F403

MODEL = "qwen3-omni-flash-realtime"
PATH = "/api-ws/v1/realtime"
DEFAULT_PROMPT = ("Transcribe the following audio exactly as spoken. Output only the "
                  "transcription text. Ignore non-speech sounds.")
BYTES_PER_MS = 32
# The Qwen finish rule: at most the silence window (800 ms) + 200 ms of silence after the input.
FINISH_SILENCE_MAX_BYTES = 1000 * BYTES_PER_MS
TOLERANCE_MS = 50


def _omni(emu, *args, faults=None):
    query = f"faults={faults}" if faults else ""
    return dsasr("file", "-m", MODEL, "--endpoint", emu.url(query, path=PATH), *args)


def _instructions(emu):
    updates = emu.received("session.update")
    check(len(updates) >= 1, f"session.update sent: {updates}")
    return [u["session"].get("instructions") for u in updates]


def _appended_bytes(log, conn):
    total = 0
    for rec in log:
        msg = rec.get("json") if rec.get("event") == "recv_text" else None
        if rec.get("conn") == conn and isinstance(msg, dict) and \
                msg.get("type") == "input_audio_buffer.append":
            total += msg["audio"]["bytes"]
    return total


def test_omni_file_one_final_per_sentence():
    script = script_lines("en.txt")
    with Emulator(script="en.txt") as emu:
        r = _omni(emu, "--jsonl", "--stats", "--speed", "max", data("en.wav"))
        check(r.rc == 0, "run", r)
        updates = emu.received("session.update")
        finishes = emu.received("session.finish")
    got = finals(r.out)
    check([x["text"] for x in got] == script, f"one final per sentence: {got}", r)
    check(len({x["response_id"] for x in got}) == len(got), "one answer per final", r)
    check(all(x["input_tokens"] > 0 and x["output_tokens"] > 0 for x in got), "usage tokens", r)
    spans = [(x["begin_ms"], x["end_ms"]) for x in got]
    check(all(b < e for b, e in spans) and all(b >= pe for (b, _), (_, pe) in
                                                 zip(spans[1:], spans)), f"times {spans}", r)
    check(len(updates) == 1, f"one session: {updates}")
    session = updates[0]["session"]
    check(session["instructions"] == DEFAULT_PROMPT, f"the seed's prompt by default: {session}")
    check(session["modalities"] == ["text"], f"text output only: {session}")
    check(session["input_audio_format"] == "pcm16", f"{session}")
    check(session["turn_detection"]["interrupt_response"] is False, f"{session}")
    check(len(finishes) == 1, "session.finish once", r)
    stats = [x for x in jsonl_records(r.out) if x["type"] == "stats"]
    check(len(stats) == 1 and stats[0]["input_tokens"] == sum(x["input_tokens"] for x in got) and
          stats[0]["output_tokens"] == sum(x["output_tokens"] for x in got), "tokens summed", r)
    check(", tokens in " in r.err, "--stats reports tokens", r)


def test_omni_prompt_and_context_reach_instructions():
    with tempfile.TemporaryDirectory() as tmp:
        prompt_file = os.path.join(tmp, "prompt.txt")
        with open(prompt_file, "w", encoding="utf-8") as f:
            f.write("Write down every word of the call.\n")
        with Emulator(script="en.txt") as emu:
            r = _omni(emu, "--prompt", f"@{prompt_file}", "--context", "Bulge Bracket, Lazard",
                      "--speed", "max", data("en.wav"))
            check(r.rc == 0, "run", r)
            got = _instructions(emu)
        check(got == ["Write down every word of the call.\n\nDomain terms and names that may "
                      "occur in the audio:\nBulge Bracket, Lazard"], f"instructions {got}", r)
        with Emulator(script="en.txt") as emu:
            r = _omni(emu, "--prompt", "Transcribe in English.", "--speed", "max",
                      data("en.wav"))
            check(r.rc == 0, "run", r)
            check(_instructions(emu) == ["Transcribe in English."], "--prompt TEXT", r)
    # The ASR models take no prompt.
    r = dsasr("file", "-m", "qwen3-asr-flash-realtime", "--prompt", "x", data("en.wav"))
    check(r.rc == 2 and "--prompt is not supported by qwen3-asr-flash-realtime" in r.err,
          "usage error", r)


def test_omni_every_format_file():
    family_in_every_format("qwen_omni", "file")


def test_omni_every_format_mic():
    family_in_every_format("qwen_omni", "mic")


def test_omni_drop_mid_turn_resumes():
    script = script_lines("en.txt")
    with wave.open(data("en.wav")) as w:
        total_bytes = w.getnframes() * 2
    with Emulator(script="en.txt") as emu:
        r = _omni(emu, "--jsonl", data("en.wav"))
        check(r.rc == 0, "fault-free reference", r)
    ref = finals(r.out)
    check(len(ref) == len(script), "reference run", r)
    # In the middle of the second sentence: its turn is open, the first one answered.
    drop = (ref[1]["begin_ms"] + ref[1]["end_ms"]) // 2
    with Emulator(script="en.txt") as emu:
        r = _omni(emu, "--jsonl", "--stats", data("en.wav"), faults=f"drop-first:{drop}")
        check(r.rc == 0, f"drop at {drop} ms: resumed to success", r)
        log = emu.log_when(lambda log: any(x["event"] == "close" and x["conn"] == 2
                                           for x in log))
    conns = sorted({x["conn"] for x in log if x["event"] == "handshake"})
    check(conns == [1, 2], f"one reconnect: {conns}", r)
    got = finals(r.out)
    check(len(got) == len(ref), f"{len(got)} finals, expected {len(ref)}", r)
    for x, y in zip(got, ref):
        check(abs(x["begin_ms"] - y["begin_ms"]) <= TOLERANCE_MS and
              abs(x["end_ms"] - y["end_ms"]) <= TOLERANCE_MS, f"{x} vs {y}", r)
    # The first session's id, from the stats record: the drop may come before or after it
    # answered the first turn (the answer races the audio sent at --speed auto).
    stats = [json.loads(l) for l in r.out.splitlines() if '"type":"stats"' in l][0]
    first_task = stats["task_ids"][0]
    check(got[0]["text"] == script[0] and got[1]["task_id"] != first_task,
          "the unanswered turn is answered by the new session", r)
    # The new session is fed from the end of the last answered turn (or the start).
    resumed_at_ms = max([x["end_ms"] for x in got if x["task_id"] == first_task], default=0)
    want = total_bytes - resumed_at_ms * BYTES_PER_MS
    sent_second = _appended_bytes(log, 2)
    check(want <= sent_second <= want + FINISH_SILENCE_MAX_BYTES,
          f"the resumed session got {sent_second} bytes, expected the audio after "
          f"{resumed_at_ms} ms ({want})", r)
    check("resuming from" in r.err, "the resume is reported", r)
    stats = [x for x in jsonl_records(r.out) if x["type"] == "stats"]
    check(len(stats) == 1 and stats[0]["reconnects"] == 1, "stats: one reconnect", r)


if __name__ == "__main__":
    run_case(globals())
