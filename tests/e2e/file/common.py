"""Helpers shared by the `dsasr file` end-to-end modules."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import *  # noqa: E402,F401,F403
import harness  # noqa: E402

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")



def without_task_ids(text):
    """jsonl as dsasr wrote it, with the random task ids and the checkout-dependent input path
    replaced, for golden comparison."""
    import re
    jsonl_records(text)  # every line must parse
    text = re.sub(r'"task_id":"[0-9a-f]{32}"', '"task_id":"TASK"', text)
    return re.sub(r'"input":"[^"]*/([^"/]*)"', r'"input":"\1"', text)


def compare_golden(name, actual):
    path = os.path.join(GOLDEN, name)
    if os.environ.get("DSASR_UPDATE_GOLDEN"):
        os.makedirs(GOLDEN, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(actual)
        return
    with open(path, encoding="utf-8") as f:
        expected = f.read()
    if expected != actual:
        raise AssertionError(f"output differs from golden {name}\n--- expected ---\n{expected}"
                             f"\n--- actual ---\n{actual}")


def transcribe(emu, *args, **kw):
    """dsasr file against the emulator's duplex endpoint; returns the Result."""
    return harness.dsasr("file", "--endpoint", emu.url(kw.pop("query", "")), *args, **kw)


def run_in_pty(args, limit_s=60, columns=80):
    """Runs dsasr with stdin, stdout and stderr on a pseudo-terminal; returns (exit status,
    everything it wrote to the terminal)."""
    import pty
    import select
    import time
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHSCOPE_")}
    env.update(DASHSCOPE_API_KEY="k", TERM="xterm", COLUMNS=str(columns))
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(harness.PATHS["dsasr"], [harness.PATHS["dsasr"], *args], env)
    out = b""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")
