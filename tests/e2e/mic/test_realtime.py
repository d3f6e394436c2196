"""`dsasr mic` in real time: a private PulseAudio server with a null sink is the microphone
(miclib.PulseMic, tests/alsa/pulse.conf) and paplay speaks into it. Audio chunks must reach the
service at the pace they were spoken, and Ctrl+C in the middle of a recording must finish
cleanly. Skipped (printing SKIP: and why) only where PulseAudio cannot run."""

import os
import signal
import statistics
import tempfile
import time

from miclib import *  # noqa: F401,F403


def test_chunks_reach_the_emulator_in_real_time():
    duration_s = 6.0
    with tempfile.TemporaryDirectory() as tmp, PulseMic() as mic, \
            Emulator(script="en.txt") as emu:
        save = os.path.join(tmp, "sent.wav")
        mic.play(data("en.wav"))
        r = run_dsasr(["mic", "--endpoint", emu.url(), "--duration", str(duration_s), "--jsonl",
                       "--save", save], mic, timeout=30)
        arrivals = binary_arrivals(emu)
        _, _, saved = wav_samples(save)
    check(r.rc == 0, "mic run", r)
    sent = sum(n for _, n in arrivals)
    check(sent == duration_s * BYTES_PER_SECOND, f"sent {sent} bytes for {duration_s} s", r)
    check(all(n == 3200 for _, n in arrivals), "100 ms chunks", r)
    gaps = [b[0] - a[0] for a, b in zip(arrivals, arrivals[1:])]
    median = statistics.median(gaps)
    span = arrivals[-1][0] - arrivals[0][0]
    audio_s = (sent - arrivals[0][1]) / BYTES_PER_SECOND  # audio captured between the two ends
    timing = (f"median gap {median * 1000:.0f} ms, span {span:.2f} s for {audio_s:.2f} s of "
              f"audio; gaps (ms): {[round(g * 1000) for g in gaps]}")
    print(timing)
    check(0.080 <= median <= 0.120, f"chunks not ~100 ms apart: {timing}")
    check(abs(span - audio_s) <= 0.15 * audio_s, f"not real time: {timing}")
    # What was recorded is the speech that was played, sample for sample, from where it began.
    speech = samples_of("en.wav")
    start = saved.find(speech[16000:16000 + 32000])  # 1 s from 0.5 s on (past the start-up)
    check(start >= 16000 and start % 2 == 0, "the played speech is in the recording")
    played = saved[start:]
    expected = speech[16000:16000 + len(played)]
    if played != expected:
        first = next(i for i in range(0, len(played), 2) if played[i:i + 2] != expected[i:i + 2])
        raise AssertionError(f"the recording differs from the speech from "
                             f"{0.5 + first / 32000:.3f} s into it on\n{r!r}")
    finals = [x for x in jsonl_lines(r.out) if x["type"] == "final"]
    texts = [x["text"] for x in finals]
    check(texts and texts == script_lines("en.txt")[:len(texts)], "transcript of what was said", r)


def jsonl_lines(text):
    return harness.jsonl_records(text)  # parsed, and checked against `dsasr schema`


def _interrupt_mid_sentence(mic, emu, args):
    """Starts dsasr mic, plays en.wav once it streams, and presses Ctrl+C during sentence 2
    (sentence 1 is over ~4.8 s into the speech); returns (exit status, stdout, stderr, seconds
    from Ctrl+C to exit)."""
    p = start_dsasr(["mic", "--endpoint", emu.url(), *args], mic)
    try:
        wait_until(lambda: binary_arrivals(emu), 10, "the first audio chunk")
        mic.play(data("en.wav"))
        time.sleep(7.0)
        check(p.poll() is None, "dsasr mic ended before Ctrl+C")
        p.send_signal(signal.SIGINT)
        t0 = time.monotonic()
        out, err = p.communicate(timeout=20)
        took = time.monotonic() - t0
    finally:
        if p.poll() is None:
            p.kill()
            p.communicate()
    return p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), took


def test_interrupt_in_the_middle_prints_the_last_sentence():
    with PulseMic() as mic, Emulator(script="en.txt") as emu:
        rc, out, err, took = _interrupt_mid_sentence(mic, emu, [])
        finish = emu.received("finish-task")
    lines = script_lines("en.txt")
    check(rc == 130, f"exit {rc}\n{out}\n{err}")
    check(len(finish) == 1, "finish-task after Ctrl+C")
    # Sentence 1, then the sentence under way at Ctrl+C, finalised by finish-task.
    check(out.splitlines() == lines[:2], f"text after Ctrl+C: {out!r} {err!r}")
    check(took < 10, f"finishing took {took:.1f} s")


def test_interrupt_in_the_middle_leaves_a_valid_srt():
    import srt
    with tempfile.TemporaryDirectory() as tmp, PulseMic() as mic, \
            Emulator(script="en.txt") as emu:
        path = os.path.join(tmp, "live.srt")
        rc, out, err, _ = _interrupt_mid_sentence(mic, emu, ["--srt", "-o", path])
        with open(path, encoding="utf-8") as f:
            text = f.read()
    check(rc == 130, f"exit {rc}\n{out}\n{err}")
    cues = list(srt.parse(text))  # raises on anything that is not SRT
    check(srt.compose(cues, reindex=False) == text, f"not canonical SRT: {text!r}")
    check([c.index for c in cues] == list(range(1, len(cues) + 1)), f"numbering: {text!r}")
    check(all(a.end <= b.start for a, b in zip(cues, cues[1:])) and
          all(c.start < c.end for c in cues), f"cue times: {text!r}")
    spoken = " ".join(c.content.replace("\n", " ") for c in cues)
    check(spoken == " ".join(script_lines("en.txt")[:2]), f"cues after Ctrl+C: {text!r}")


if __name__ == "__main__":
    run_case(globals())
