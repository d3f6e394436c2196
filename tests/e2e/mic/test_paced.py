"""`dsasr mic` on whole recordings: the fake microphone reads a pipe this test fills at a few
times real time (miclib.PacedMic, tests/alsa/fakemic-fd.conf), so PortAudio's callbacks are paced
and every sample arrives, bit-exact, with no daemon. Transcripts of the English and Mandarin
samples, --duration, --save round trips, and the terminal display."""

import json
import os
import subprocess
import tempfile

from miclib import *  # noqa: F401,F403

SPEED = 4.0  # times real time: 19 s of English in about 5 s


def _seconds(samples):
    return len(samples) / BYTES_PER_SECOND


def _duration_arg(samples):
    """--duration covering the whole recording, rounded up to 0.1 s."""
    return f"{(len(samples) // 3200 + 1) / 10:.1f}"


def test_english_transcript():
    samples = samples_of("en.wav")
    with Emulator(script="en.txt") as emu, PacedMic(samples, SPEED) as mic:
        r = run_dsasr(["mic", "--endpoint", emu.url(), "--duration", _duration_arg(samples)], mic)
        finish = emu.received("finish-task")
    check(r.rc == 0, "mic run", r)
    check(r.out.splitlines() == script_lines("en.txt"), "the whole English transcript", r)
    check("lost" not in r.err and "fell behind" not in r.err, "no capture loss reported", r)
    check(len(finish) == 1, "one finish-task at the end of --duration", r)


def test_mandarin_transcript():
    samples = samples_of("zh.wav")
    with Emulator(script="zh.txt") as emu, PacedMic(samples, SPEED) as mic:
        r = run_dsasr(["mic", "--endpoint", emu.url(), "--duration", _duration_arg(samples),
                       "--jsonl", "--language", "zh"], mic)
        hints = emu.received("run-task")[0]["payload"]["parameters"].get("language_hints")
    check(r.rc == 0, "mic run", r)
    recs = [json.loads(line) for line in r.out.splitlines()]
    finals = [x for x in recs if x["type"] == "final"]
    check([x["text"] for x in finals] == script_lines("zh.txt"), "the whole Mandarin transcript",
          r)
    check(all(x["input"] == "mic" for x in finals), "input is mic", r)
    ends = [x["end_ms"] for x in finals]
    check(all(x["begin_ms"] < x["end_ms"] for x in finals) and ends == sorted(ends)
          and ends[-1] <= _seconds(samples) * 1000 + 100, "times on the mic's timeline", r)
    check(hints == ["zh"], f"language hint sent: {hints}")


def test_duration_stops_the_capture_mid_sentence():
    samples = samples_of("en.wav")
    with Emulator(script="en.txt") as emu, PacedMic(samples, SPEED) as mic:
        r = run_dsasr(["mic", "--endpoint", emu.url(), "--duration", "2.5", "--jsonl"], mic)
        sent = sum(n for _, n in binary_arrivals(emu))
        finish = emu.received("finish-task")
    check(r.rc == 0, "--duration ends the run successfully", r)
    check(sent == 2.5 * BYTES_PER_SECOND, f"exactly 2.5 s of audio sent, not {sent} bytes", r)
    check(len(finish) == 1, "finish-task after --duration", r)
    finals = [json.loads(line) for line in r.out.splitlines()]
    finals = [x for x in finals if x["type"] == "final"]
    # The emulator finalises the sentence under way at finish-task, ending where the audio did.
    check([x["text"] for x in finals] == script_lines("en.txt")[:1] and finals[0]["end_ms"] <= 2500,
          "the cut first sentence is still finalised", r)


def _check_saved(saved_samples, fed, sent_bytes, duration_samples, what):
    check(len(saved_samples) == duration_samples * 2,
          f"{what}: saved {len(saved_samples) // 2} samples, --duration is {duration_samples}")
    check(len(saved_samples) == sent_bytes,
          f"{what}: saved {len(saved_samples)} bytes, the emulator received {sent_bytes}")
    expected = (fed + b"\0" * len(saved_samples))[:len(saved_samples)]
    if saved_samples != expected:
        first = next(i for i in range(0, len(expected), 2)
                     if saved_samples[i:i + 2] != expected[i:i + 2])
        raise AssertionError(f"{what}: the saved audio differs from the fake mic's input from "
                             f"sample {first // 2} on")


def test_save_round_trip_wav_and_flac():
    samples = samples_of("en.wav")
    duration = _duration_arg(samples)  # past the end: the fake mic then gives silence
    duration_samples = round(float(duration) * RATE_HZ)
    with tempfile.TemporaryDirectory() as tmp:
        for ext in ("wav", "flac"):
            save = os.path.join(tmp, f"sent.{ext}")
            with Emulator(script="en.txt") as emu, PacedMic(samples, SPEED) as mic:
                r = run_dsasr(["mic", "--endpoint", emu.url(), "--duration", duration, "--save",
                               save], mic)
                sent = sum(n for _, n in binary_arrivals(emu))
            check(r.rc == 0 and len(r.out.splitlines()) == 4, f"--save {ext} run", r)
            if ext == "wav":
                rate, channels, saved = wav_samples(save)
            else:
                rate, channels = (int(subprocess.run([tool("soxi"), opt, save], check=True,
                                                     capture_output=True, text=True).stdout)
                                  for opt in ("-r", "-c"))
                saved = subprocess.run([tool("sox"), save, "-t", "raw", "-e", "signed-integer",
                                        "-b", "16", "-L", "-"], capture_output=True,
                                       check=True).stdout
            check((rate, channels) == (RATE_HZ, 1), f"{ext}: {rate} Hz, {channels} channels")
            _check_saved(saved, samples, sent, duration_samples, f"--save {ext}")


def test_terminal_redraws_partials_in_place():
    samples = samples_of("en.wav")
    with Emulator(script="en.txt") as emu, PacedMic(samples, SPEED) as mic:
        rc, out = run_in_pty(["mic", "--endpoint", emu.url(), "--duration",
                              _duration_arg(samples)], mic)
    check(rc == 0, f"exit {rc}: {out!r}")
    redraws = out.split("\r\x1b[K")
    check(len(redraws) > 8, f"partials were not redrawn in place: {out!r}")
    lines = script_lines("en.txt")
    # Live partials: a line that was redrawn with a beginning of a sentence before its final.
    partial_texts = {part.split("\r")[0].split("\n")[0] for part in redraws[1:]}
    check(any(t and t not in lines and any(l.startswith(t.rstrip(".")) for l in lines)
              for t in partial_texts), f"no partial text shown: {out!r}")
    check(terminal_screen(out) == lines, f"final screen {terminal_screen(out)!r}")


def test_piped_output_has_no_escape_sequences():
    samples = samples_of("en.wav")
    with Emulator(script="en.txt") as emu, PacedMic(samples, SPEED) as mic:
        r = run_dsasr(["mic", "--endpoint", emu.url(), "--duration", _duration_arg(samples),
                       "--partials"], mic)
    check(r.rc == 0, "mic run", r)
    check("\x1b" not in r.out and "\r" not in r.out and "\x1b" not in r.err,
          "no escape sequence or carriage return on a pipe", r)
    check(r.out.splitlines() == script_lines("en.txt"), "finals only, one per line", r)


if __name__ == "__main__":
    run_case(globals())
