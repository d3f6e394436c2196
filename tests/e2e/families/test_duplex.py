"""Fun-ASR and Paraformer from a file and from the fake microphone, in every output format; and
the Fun-ASR context that goes into run-task."""

import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *  # noqa: E402,F401,F403


def test_fun_asr_file():
    fam, run_task = family_in_every_format("fun_asr", "file")
    check(run_task["payload"]["parameters"] == {"format": "pcm", "sample_rate": 16000},
          f"{run_task}")


def test_fun_asr_mic():
    fam, run_task = family_in_every_format("fun_asr", "mic")
    check(run_task["payload"]["parameters"].get("heartbeat") is True, f"{run_task}")


def test_paraformer_v2_file():
    family_in_every_format("paraformer_v2", "file")


def test_paraformer_v2_mic():
    family_in_every_format("paraformer_v2", "mic")


def test_paraformer_8k_v2_file():
    fam, run_task = family_in_every_format("paraformer_8k_v2", "file")
    check(run_task["payload"]["parameters"]["sample_rate"] == 8000, f"{run_task}")


def test_paraformer_8k_v2_mic():
    fam, run_task = family_in_every_format("paraformer_8k_v2", "mic")
    check(run_task["payload"]["parameters"]["sample_rate"] == 8000, f"{run_task}")


def test_fun_asr_context_goes_into_run_task_input():
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        terms = os.path.join(tmp, "terms.txt")
        with open(terms, "w", encoding="utf-8") as f:
            f.write("DashScope, 通义千问\n")
        r = dsasr("file", "--endpoint", emu.url(), "--speed", "max", "--context", "@" + terms,
                  "--jsonl", data("en.wav"))
        check(r.rc == 0, "run", r)
        payload = emu.received("run-task")[0]["payload"]
        check(payload["input"] == {"context": [{"role": "user", "content": [
            {"type": "input_text", "text": "DashScope, 通义千问"}]}]}, f"input {payload}")
        check(payload["parameters"] == {"format": "pcm", "sample_rate": 16000}, f"{payload}")
        check([x["text"] for x in finals(r.out)] == script_lines("en.txt"), "texts", r)
        # Over the service's 400 characters: refused before connecting.
        r = dsasr("file", "--endpoint", emu.url(), "--context", "x" * 401, data("en.wav"))
        check(r.rc == 2 and "401 characters" in r.err, "too long", r)
        # Models without it name the ones that have it.
        r = dsasr("file", "--endpoint", emu.url(), "-m", "paraformer-realtime-v2", "--context",
                  "x", data("en.wav"))
        check(r.rc == 2 and "fun-asr-realtime-2025-11-07" in r.err, "unsupported", r)
        check(len(emu.received("run-task")) == 1, "nothing sent for the refused runs")


if __name__ == "__main__":
    run_case(globals())
