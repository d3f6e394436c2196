"""Helpers shared by the reliability end-to-end modules: both protocol families, the fake ALSA
microphone (tests/alsa/fakemic.conf), fault-free reference transcripts, and the checks that a
faulted run matches its reference (design.md section 3)."""

import os
import subprocess
import sys
import tempfile
import time
import wave

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import *  # noqa: E402,F401,F403
import harness  # noqa: E402

ALSA_DIR = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                        "alsa"))
RATE_HZ = 16000
BYTES_PER_MS = RATE_HZ * 2 // 1000
MIC_DURATION_S = 4.9  # the fake microphone delivers instantly; dsasr's capture FIFO holds 5 s
TOLERANCE_MS = 50
RUN_LIMIT_S = 30  # every dsasr run of this suite must end within this

# The two protocol families: the model, the emulator path, the client's end-of-input message.
FAMILIES = {
    "duplex": {"model": "fun-asr-realtime", "path": "/api-ws/v1/inference",
               "finish": "finish-task"},
    "realtime": {"model": "qwen3-asr-flash-realtime", "path": "/api-ws/v1/realtime",
                 "finish": "session.finish"},
}


def family_url(emu, family, faults=None):
    return emu.url(f"faults={faults}" if faults else "", path=FAMILIES[family]["path"])



# ---- the fake microphone -------------------------------------------------------------------

def wav_frames(name):
    """s16le mono 16 kHz bytes of tests/data/<name>."""
    with wave.open(data(name)) as w:
        if (w.getframerate(), w.getnchannels(), w.getsampwidth()) != (RATE_HZ, 1, 2):
            raise AssertionError(f"{name} is not 16 kHz mono s16")
        return w.readframes(w.getnframes())


def mic_speech():
    """4.9 s with two sentences for the fake microphone: 0.5 s of silence, the last sentence of
    en.wav (1.4 s), 1.6 s of silence (longer than either family's end-of-sentence silence, so the
    first sentence is final before the second begins), the same sentence again (it is still
    open when the capture ends, so the second final comes only after end of input)."""
    en = wav_frames("en.wav")
    speech = en[16900 * BYTES_PER_MS:18300 * BYTES_PER_MS]
    audio = bytes(500 * BYTES_PER_MS) + speech + bytes(1600 * BYTES_PER_MS) + speech
    assert len(audio) == int(MIC_DURATION_S * 1000) * BYTES_PER_MS
    return audio


class FakeMic:
    """The ALSA `file` plugin reading `samples` (raw s16le, 16 kHz) from a temporary file."""

    def __init__(self, samples):
        self.tmp = tempfile.mkdtemp(prefix="dsasr-e2e-rel-mic-")
        self.path = os.path.join(self.tmp, "mic.s16le")
        with open(self.path, "wb") as f:
            f.write(samples)

    def env(self):
        return {"ALSA_CONFIG_PATH": os.path.join(ALSA_DIR, "fakemic.conf"),
                "FAKEMIC_FILE": self.path, "JACK_NO_START_SERVER": "1"}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        import shutil
        shutil.rmtree(self.tmp, ignore_errors=True)


# ---- running dsasr ---------------------------------------------------------------------------

def run(*args, key="test-key", env=None, input_bytes=None, limit_s=RUN_LIMIT_S):
    """harness.dsasr with the suite's time bound: a run that hangs fails the test with what it
    printed so far (subprocess.run kills it on timeout)."""
    start = time.monotonic()
    try:
        r = harness.dsasr(*args, key=key, env=env, input_bytes=input_bytes, timeout=limit_s)
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        err = (e.stderr or b"").decode("utf-8", "replace")
        raise AssertionError(f"dsasr {' '.join(args)} did not end within {limit_s} s"
                             f"\n--- stdout ---\n{out}\n--- stderr ---\n{err}")
    r.elapsed_s = time.monotonic() - start
    return r


def run_source(emu, family, source, *args, faults=None, **kw):
    """dsasr on `source` ("mic" with a FakeMic in kw["mic"], or a file path) against the family's
    endpoint with `faults`."""
    mic = kw.pop("mic", None)
    common = ["--model", FAMILIES[family]["model"], "--endpoint", family_url(emu, family, faults)]
    if source == "mic":
        env = dict(kw.pop("env", None) or {})
        env.update(mic.env())
        return run("mic", "--duration", str(MIC_DURATION_S), *common, *args, env=env, **kw)
    return run("file", source, *common, *args, **kw)


# ---- the emulator's log --------------------------------------------------------------------

def handshakes(emu):
    return [x for x in emu.log() if x["event"] == "handshake"]


def connections(emu):
    return sorted({x["conn"] for x in handshakes(emu)})


# The Qwen finish rule (README "Service rules"): in VAD mode dsasr may append up to the silence
# window (800 ms) + 200 ms of silence after the input so the service closes the last utterance.
FINISH_SILENCE_MAX_BYTES = 1000 * BYTES_PER_MS


def same_audio_bytes(got, want, family):
    """True when a task got `want` bytes of input audio: exactly, or for the realtime family
    followed by at most the finish rule's silence."""
    if family == "realtime":
        return want <= got <= want + FINISH_SILENCE_MAX_BYTES and (got - want) % 2 == 0
    return got == want


def audio_bytes(emu, conn):
    """Audio bytes the emulator received on connection `conn`, either family."""
    total = 0
    for rec in emu.log():
        if rec.get("conn") != conn:
            continue
        if rec["event"] == "recv_binary":
            total += rec["bytes"]
        elif rec["event"] == "recv_text" and isinstance(rec.get("json"), dict):
            audio = rec["json"].get("audio")
            if rec["json"].get("type") == "input_audio_buffer.append" and isinstance(audio, dict):
                total += audio["bytes"]
    return total


def closes(emu, conn):
    return [x for x in emu.log() if x["event"] == "close" and x["conn"] == conn]


def received_on(emu, conn, kind):
    """Client messages of `kind` (duplex action or realtime type) on connection `conn`."""
    out = []
    for rec in emu.log():
        msg = rec.get("json") if rec.get("event") == "recv_text" else None
        if rec.get("conn") != conn or not isinstance(msg, dict):
            continue
        action = msg.get("header", {}).get("action") if "header" in msg else msg.get("type")
        if action == kind:
            out.append(msg)
    return out


# ---- checks ----------------------------------------------------------------------------------

def error_lines(r):
    return [l for l in r.err.splitlines() if l.startswith("dsasr: error: ")]


def one_error_line(r, *needles):
    lines = error_lines(r)
    check(len(lines) == 1, f"expected exactly one error line, got {len(lines)}", r)
    for n in needles:
        check(n in lines[0], f"{n!r} not in the error line", r)
    return lines[0]


def check_same_transcript(got, ref, script, r):
    """`got` (finals of a faulted run) matches `ref` (the fault-free run): the same number of
    sentences, in order, begin/end within TOLERANCE_MS, ids 1..N. The emulator starts its script
    again with every task, so a sentence's text is the script line of its place within its own
    task; that is checked too (nothing repeated or skipped inside a task)."""
    spans = [(x["begin_ms"], x["end_ms"]) for x in got]
    ref_spans = [(x["begin_ms"], x["end_ms"]) for x in ref]
    check(len(got) == len(ref), f"{len(got)} sentences, expected {len(ref)}: {spans} vs "
          f"{ref_spans}", r)
    for (b, e), (rb, re_) in zip(spans, ref_spans):
        check(abs(b - rb) <= TOLERANCE_MS and abs(e - re_) <= TOLERANCE_MS,
              f"sentence times {spans} differ from the fault-free {ref_spans}", r)
    check([x["sentence_id"] for x in got] == list(range(1, len(got) + 1)),
          f"sentence ids {[x['sentence_id'] for x in got]}", r)
    per_task = {}
    for x in got:
        place = per_task.setdefault(x["task_id"], 0)
        per_task[x["task_id"]] = place + 1
        check(x["text"] == script[place % len(script)],
              f"sentence {x['sentence_id']} text {x['text']!r}, expected the task's sentence "
              f"{place + 1}", r)
    check(all(b >= pe for (b, _), (_, pe) in zip(spans[1:], spans)), f"overlap {spans}", r)


def reference(family, source, script="en.txt", mic=None):
    """Finals of the fault-free run."""
    with Emulator(script=script) as emu:
        r = run_source(emu, family, source, "--jsonl", mic=mic)
    check(r.rc == 0, f"{family} {source}: fault-free reference run failed", r)
    ref = finals(r.out)
    check(len(ref) >= 2, "the reference has at least two sentences", r)
    return ref


def task_id_on(log, conn, family):
    """The task id (duplex) or session id (realtime) of connection `conn`, from the emulator's
    log records `log`."""
    for rec in log:
        if rec.get("conn") != conn or not isinstance(rec.get("json"), dict):
            continue
        msg = rec["json"]
        if family == "duplex" and rec["event"] == "recv_text" and \
                msg.get("header", {}).get("action") == "run-task":
            return msg["header"]["task_id"]
        if family == "realtime" and rec["event"] == "send_text" and \
                msg.get("type") == "session.created":
            return msg["session"]["id"]
    return None
