"""Qwen realtime (qwen3-asr-flash-realtime), VAD and Manual mode, from a file and from the fake
microphone in every format; Manual mode's own commits on a long input, read from the emulator's
log."""

import os
import subprocess
import sys
import tempfile
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *  # noqa: E402,F401,F403


def test_qwen_vad_file():
    fam, update = family_in_every_format("qwen_vad", "file")
    check(update["session"]["turn_detection"]["type"] == "server_vad", f"{update}")


def test_qwen_vad_mic():
    family_in_every_format("qwen_vad", "mic")


def test_qwen_manual_file():
    fam, update = family_in_every_format("qwen_manual", "file")
    check(update["session"]["turn_detection"] is None, f"{update}")


def test_qwen_manual_mic():
    family_in_every_format("qwen_manual", "mic")


def _commit_offsets(emu):
    """Bytes of audio appended before each commit, and all appended, from the emulator's log."""
    appended, commits = 0, []
    for rec in emu.log():
        msg = rec.get("json") if rec.get("event") == "recv_text" else None
        if not isinstance(msg, dict):
            continue
        if msg.get("type") == "input_audio_buffer.append":
            appended += msg["audio"]["bytes"]
        elif msg.get("type") == "input_audio_buffer.commit":
            commits.append(appended)
    return commits, appended


def _rms_before(samples, end, n):
    window = samples[max(0, end - n):end]
    return (sum(s * s for s in window) / max(len(window), 1)) ** 0.5


def test_manual_commit_commits_long_input_at_pauses():
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        long_wav = os.path.join(tmp, "en4.wav")
        src = data("en.wav")
        subprocess.run([tool("sox"), src, src, src, src, long_wav], check=True)
        with wave.open(long_wav) as w:
            check(w.getframerate() == 16000 and w.getnchannels() == 1, "16 kHz mono")
            frames = w.readframes(w.getnframes())
        import array
        samples = array.array("h", frames)
        total_ms = len(samples) * 1000 // 16000
        check(total_ms > 70000, f"input is {total_ms} ms")
        r = dsasr("file", "-m", "qwen3-asr-flash-realtime", "--manual-commit", "--jsonl",
                  "--speed", "max", "--endpoint",
                  emu.url("model=qwen3-asr-flash-realtime", path="/api-ws/v1/realtime"),
                  long_wav)
        check(r.rc == 0, "run", r)
        commits, appended = _commit_offsets(emu)
    check(appended == len(samples) * 2, f"appended {appended} bytes of {len(samples) * 2}")
    check(len(commits) >= 2, f"commits at {commits}")
    check(commits[-1] == appended, "the end of the input is committed")
    spans = [b - a for a, b in zip([0] + commits, commits)]
    check(all(0 < s <= 55 * 32000 for s in spans), f"commit spans (bytes) {spans}")
    for at in commits[:-1]:
        sample = at // 2
        check(at - (commits[commits.index(at) - 1] if commits.index(at) else 0) >= 30 * 32000,
              f"commit at {sample} samples came before 30 s")
        rms = _rms_before(samples, sample, 1600)
        check(rms < 300, f"commit at {sample / 16000:.2f} s is not in a pause (RMS {rms:.0f})")
    # One item per commit, and together they cover the whole input, in order.
    recs = finals(r.out)
    check(len(recs) == len(commits), f"{len(recs)} finals for {len(commits)} commits", r)
    lines = script_lines("en.txt")
    # The service transcribes a commit as one item: every sentence spoken in it, so together
    # the items hold the input's 16 sentences once each, in order.
    check(" ".join(x["text"] for x in recs) == " ".join(lines * 4), "texts", r)
    check(all(x["text"] for x in recs), "no empty item", r)
    bounds = [0] + [c * 1000 // 32000 for c in commits]
    check([(x["begin_ms"], x["end_ms"]) for x in recs] == list(zip(bounds, bounds[1:])),
          f"spans {[(x['begin_ms'], x['end_ms']) for x in recs]} != commits {bounds}", r)
    check(recs[-1]["end_ms"] == total_ms, "up to the end", r)


if __name__ == "__main__":
    run_case(globals())
