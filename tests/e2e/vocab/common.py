"""Helpers shared by the hot-word (`dsasr vocab`, `--hotwords`) end-to-end modules."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import *  # noqa: E402,F401,F403
import harness  # noqa: E402


def hot_script(directory):
    """en.txt with each line's first word marked {hot:DashScope|WORD}: a task whose vocabulary
    has "DashScope" hears it, any other the original word. Returns the script's path."""
    path = os.path.join(directory, "hot.txt")
    with open(path, "w", encoding="utf-8") as out:
        for line in script_lines("en.txt"):
            first, rest = line.split(" ", 1)
            out.write("{hot:DashScope|" + first + "} " + rest + "\n")
    return path


def write(directory, name, text):
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def vocab(emu, *args, **kw):
    """dsasr vocab against the emulator: the HTTP base is derived from --endpoint."""
    return harness.dsasr("vocab", *args, "--endpoint", emu.url(), **kw)


def actions(emu):
    """The customization API actions the emulator received, in order."""
    out = []
    for rec in emu.log():
        msg = rec.get("json") if rec.get("event") == "recv_text" else None
        if isinstance(msg, dict) and msg.get("model") == "speech-biasing":
            out.append(msg["input"]["action"])
    return out
