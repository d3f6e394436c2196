"""`dsasr mic` and `dsasr devices` through PortAudio on an ALSA fake microphone (the ALSA `file`
plugin reading a raw s16le file, tests/alsa/fakemic.conf): real PortAudio, real ALSA, no sound
card. The fake device delivers audio as fast as it can, so these runs use --duration."""

import os
import subprocess
import sys
import tempfile
import wave

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import *  # noqa: E402,F401,F403
import harness  # noqa: E402

ALSA_CONF = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "alsa",
                         "fakemic.conf")


def _fake_mic_env(tmp, seconds=None):
    raw = os.path.join(tmp, "mic.s16le")
    cmd = [tool("sox"), data("en.wav"), "-t", "raw", "-r", "16000", "-c", "1", "-b", "16", "-e",
           "signed-integer", raw]
    if seconds:
        cmd += ["trim", "0", str(seconds)]
    subprocess.run(cmd, check=True)
    return {"ALSA_CONFIG_PATH": os.path.abspath(ALSA_CONF), "FAKEMIC_FILE": raw,
            "JACK_NO_START_SERVER": "1"}, raw


def test_devices_lists_the_fake_microphone():
    with tempfile.TemporaryDirectory() as tmp:
        env, _ = _fake_mic_env(tmp, 1)
        r = dsasr("devices", env=env)
    check(r.rc == 0, "devices", r)
    lines = r.out.splitlines()
    check(lines[0].split() == ["INDEX", "DEFAULT", "CHANNELS", "RATE_HZ", "HOST_API", "NAME"],
          "header", r)
    check(len(lines) == 2 and lines[1].split()[0] == "0" and lines[1].split()[1] == "*"
          and lines[1].rstrip().endswith("default"), "one default device", r)


def test_mic_transcribes_and_saves_what_it_sent():
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        env, raw = _fake_mic_env(tmp)
        save = os.path.join(tmp, "sent.wav")
        r = dsasr("mic", "--endpoint", emu.url(), "--duration", "4.9", "--jsonl", "--save", save,
                  "--device", "0", env=env)
        check(r.rc == 0, "mic run", r)
        run_task = emu.received("run-task")[0]["payload"]["parameters"]
        sent = sum(x["bytes"] for x in emu.log() if x.get("event") == "recv_binary")
        samples = round(4.9 * 16000)
        with wave.open(save) as w:
            check(w.getframerate() == 16000 and w.getnchannels() == 1, "save format")
            frames = w.readframes(w.getnframes())
        with open(raw, "rb") as f:
            check(frames == f.read(samples * 2), "--save holds exactly the captured audio")
    recs = [x for x in map(__import__("json").loads, r.out.splitlines()) if x["type"] == "final"]
    check([x["text"] for x in recs] == script_lines("en.txt")[:1], "first sentence", r)
    check(recs[0]["input"] == "mic", "input is mic", r)
    check(run_task.get("heartbeat") is True, f"mic turns heartbeat on: {run_task}")
    check(sent == samples * 2, f"sent {sent} bytes, expected {samples * 2}")


def test_mic_no_heartbeat_and_unknown_device():
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        env, _ = _fake_mic_env(tmp, 2)
        r = dsasr("mic", "--endpoint", emu.url(), "--duration", "1", "--no-heartbeat", env=env)
        check(r.rc == 0, "run", r)
        params = emu.received("run-task")[0]["payload"]["parameters"]
        check("heartbeat" not in params, f"heartbeat off: {params}")
        r = dsasr("mic", "--endpoint", emu.url(), "--duration", "1", "--device", "no-such-mic",
                  env=env)
    check(r.rc == 3, "unknown device exits 3", r)
    check("no-such-mic" in r.err and "default" in r.err, "names the candidates", r)


def test_mic_srt_output_file():
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        env, _ = _fake_mic_env(tmp)
        out = os.path.join(tmp, "live.srt")
        r = dsasr("mic", "--endpoint", emu.url(), "--duration", "4.9", "--srt", "-o", out,
                  env=env)
        check(r.rc == 0, "run", r)
        import srt
        with open(out, encoding="utf-8") as f:
            cues = list(srt.parse(f.read()))
    check(len(cues) >= 1 and cues[0].start.total_seconds() == 0.5, f"cues {cues}")


if __name__ == "__main__":
    run_case(globals())
