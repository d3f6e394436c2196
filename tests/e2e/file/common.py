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
