"""--skip-silence and the cost meter (issue 18): the emulator receives far less audio, the
sentences and their times are those of a plain run, word onsets after a long silence are kept,
a long pause survives the service's limits, and --max-cost stops a run cleanly (exit 9)."""

import json
import os
import subprocess
import tempfile

from common import *  # noqa: F401,F403

EXIT_BUDGET = 9


def _gaps(tmp, gap_s=20):
    """en.wav's four sentences with `gap_s` of silence after each of the first three."""
    parts = []
    for i, (start, length) in enumerate(((0, 4.5), (4.5, 6.3), (10.8, 5.2), (16.0, None))):
        part = os.path.join(tmp, f"part{i}.wav")
        trim = ["trim", str(start)] + ([str(length)] if length else [])
        pad = ["pad", "0", str(gap_s)] if length else []
        subprocess.run([tool("sox"), data("en.wav"), part] + trim + pad, check=True)
        parts.append(part)
    out = os.path.join(tmp, "gaps.wav")
    subprocess.run([tool("sox")] + parts + [out], check=True)
    return out


def _audio_bytes(emu):
    return sum(rec.get("bytes", 0) for rec in emu.log() if rec.get("event") == "recv_binary")


def _run(emu, *args):
    r = dsasr("file", "--endpoint", emu.url(), "--speed", "max", "--jsonl", "--words", "--stats", *args,
              timeout=90)
    recs = [json.loads(line) for line in r.out.splitlines()]
    return r, [x for x in recs if x["type"] == "final"], [x for x in recs if x["type"] == "stats"]


def test_skip_silence_sends_less_and_keeps_sentences_and_times():
    with tempfile.TemporaryDirectory() as tmp:
        wav = _gaps(tmp)
        with Emulator(script="en.txt") as emu:
            plain, plain_finals, plain_stats = _run(emu, wav)
            plain_bytes = _audio_bytes(emu)
        with Emulator(script="en.txt") as emu:
            skip, skip_finals, skip_stats = _run(emu, "--skip-silence", wav)
            skip_bytes = _audio_bytes(emu)
    check(plain.rc == 0 and skip.rc == 0, "both runs", skip)
    check(skip_bytes <= 0.65 * plain_bytes, f"sent {skip_bytes} of {plain_bytes} bytes", skip)
    check([f["text"] for f in skip_finals] == [f["text"] for f in plain_finals]
          == script_lines("en.txt"), "the same four sentences", skip)
    for a, b in zip(plain_finals, skip_finals):
        check(abs(a["begin_ms"] - b["begin_ms"]) <= 100 and abs(a["end_ms"] - b["end_ms"]) <= 100,
              f"times on the input's timeline: {a['begin_ms']}-{a['end_ms']} vs "
              f"{b['begin_ms']}-{b['end_ms']}", skip)
        for wa, wb in zip(a["words"], b["words"]):
            check(abs(wa["begin_ms"] - wb["begin_ms"]) <= 100, "word times too", skip)
    s = skip_stats[0]
    check(s["audio_ms"] == plain_stats[0]["audio_ms"], "audio_ms is the input's", skip)
    check(abs(s["sent_audio_ms"] * 32 - skip_bytes) <= 64,
          f"sent_audio_ms {s['sent_audio_ms']} for {skip_bytes} bytes", skip)
    check(s["estimated_cost"]["currency"] == "CNY" and
          s["estimated_cost"]["amount"] < plain_stats[0]["estimated_cost"]["amount"],
          f"cheaper: {s['estimated_cost']} vs {plain_stats[0]['estimated_cost']}", skip)
    check("--skip-silence left out" in skip.err and "saving ~" in skip.err, "stderr says", skip)


def test_a_word_right_after_a_long_silence_keeps_its_onset():
    with tempfile.TemporaryDirectory() as tmp:
        # The first word of en.wav starts at about 0.5 s (the emulator's words say 500 ms): cut
        # the file 20 ms before it and put 12 s of silence in front.
        late = os.path.join(tmp, "late.wav")
        subprocess.run([tool("sox"), data("en.wav"), late, "trim", "0.48", "pad", "12", "0"],
                       check=True)
        with Emulator(script="en.txt") as emu:
            plain, plain_finals, _ = _run(emu, late)
        with Emulator(script="en.txt") as emu:
            skip, skip_finals, _ = _run(emu, "--skip-silence", late)
    check(plain.rc == 0 and skip.rc == 0, "both runs", skip)
    check(len(skip_finals) == len(plain_finals) == 4, "every sentence", skip)
    first_plain, first_skip = plain_finals[0]["words"][0], skip_finals[0]["words"][0]
    check(abs(first_plain["begin_ms"] - first_skip["begin_ms"]) <= 100 and
          first_skip["begin_ms"] >= 12000,
          f"the first word at {first_skip['begin_ms']} ms (plain run: {first_plain['begin_ms']})",
          skip)


def test_a_70_s_pause_completes_against_scaled_service_limits():
    # --time-scale 0.1: the emulator's 23 s no-data and 60 s silence limits become 2.3 s and 6 s.
    with tempfile.TemporaryDirectory() as tmp:
        wav = _gaps(tmp, gap_s=70)
        with Emulator("--time-scale", "0.1", script="en.txt") as emu:
            r = dsasr("file", "--endpoint", emu.url(), "--speed", "4", "--skip-silence", wav,
                      timeout=90)
    check(r.rc == 0, "exit status", r)
    check(r.out.splitlines() == script_lines("en.txt"), "every sentence", r)


def test_max_cost_stops_cleanly_with_exit_9():
    with tempfile.TemporaryDirectory() as tmp:
        wav = _gaps(tmp)
        with Emulator(script="en.txt") as emu:
            # 10 s of audio at 0.001 per second.
            r = dsasr("file", "--endpoint", emu.url(), "--speed", "max", "--price", "0.001",
                      "--max-cost", "0.01", "--stats", "--jsonl", wav, timeout=60)
            finish = emu.received("finish-task")
            sent = _audio_bytes(emu)
    check(r.rc == EXIT_BUDGET, "exit status 9", r)
    check(len(finish) == 1, "the task is finished cleanly", r)
    check(sent <= 10 * 32000, f"at most 10 s sent ({sent} bytes)", r)
    check("--max-cost reached" in r.err, "said on stderr", r)
    recs = [json.loads(line) for line in r.out.splitlines()]
    check([x["text"] for x in recs if x["type"] == "final"] == script_lines("en.txt")[:1],
          "what was sent is transcribed", r)


def test_skip_silence_usage_errors():
    r = dsasr("file", "--skip-silence=100", data("en.wav"))
    check(r.rc == 2 and "--skip-silence" in r.err, "too short a silence", r)
    r = dsasr("file", "--skip-silence-aggressiveness", "2", data("en.wav"))
    check(r.rc == 2 and "needs --skip-silence" in r.err, "aggressiveness alone", r)
    r = dsasr("file", "-m", "paraformer-realtime-v2", "--max-cost", "1", data("en.wav"))
    check(r.rc == 2 and "--price" in r.err, "no price known", r)


if __name__ == "__main__":
    run_case(globals())
