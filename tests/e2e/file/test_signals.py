"""Ctrl+C: the first one finishes the task with what was sent (last words kept, a valid file,
exit 130); the second one aborts at once."""

import os
import signal
import subprocess
import tempfile
import time

from common import *  # noqa: F401,F403
import harness


def _start(emu, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHSCOPE_")}
    env["DASHSCOPE_API_KEY"] = "k"
    return subprocess.Popen([harness.PATHS["dsasr"], "file", data("en.wav"), "--endpoint",
                             emu.url(), "--speed", "realtime", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def test_first_interrupt_finishes_cleanly_and_exits_130():
    with tempfile.TemporaryDirectory() as d, Emulator(script="en.txt") as emu:
        out = os.path.join(d, "part.srt")
        p = _start(emu, "--srt", "-o", out)
        time.sleep(6.5)  # sentence 1 is final (~4.8 s); sentence 2 is under way
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=30)
        finish = emu.received("finish-task")
        import srt
        with open(out, encoding="utf-8") as f:
            cues = list(srt.parse(f.read()))
    check(p.returncode == 130, f"exit {p.returncode}: {err!r}")
    check(len(finish) == 1, "finish-task after Ctrl+C")
    text = " ".join(c.content.replace("\n", " ") for c in cues)
    lines = script_lines("en.txt")
    # sentence 1, then what the service made of the part of sentence 2 that was sent
    check(text.startswith(lines[0]) and len(cues) >= 2, f"cues after Ctrl+C: {text!r}")


def test_second_interrupt_aborts_at_once():
    with Emulator(script="en.txt") as emu:
        p = _start(emu, "--jsonl")
        time.sleep(1.0)
        p.send_signal(signal.SIGINT)
        time.sleep(0.05)
        p.send_signal(signal.SIGINT)
        t0 = time.monotonic()
        _, err = p.communicate(timeout=10)
    check(p.returncode == 130, f"exit {p.returncode}: {err!r}")
    check(time.monotonic() - t0 < 2.0, "second Ctrl+C did not abort at once")


if __name__ == "__main__":
    run_case(globals())
