"""A long input at --speed max against a service that lags behind (slow:F) and drops every
connection after a while: every resume must find the unconfirmed audio still in the ring, so
the transcript is complete and in order (the soak in scripts/soak, in miniature)."""

import json
import os
import subprocess
import tempfile

from common import *  # noqa: F401,F403

COPIES = 6  # 6 x en.wav = 115.5 s, 24 sentences


def test_max_speed_with_a_lagging_service_and_drops_loses_nothing():
    with tempfile.TemporaryDirectory() as d, Emulator(script="en.txt") as emu:
        long_wav = os.path.join(d, "long.wav")
        subprocess.run([tool("sox")] + [data("en.wav")] * COPIES + [long_wav], check=True)
        r = dsasr("file", long_wav, "--jsonl", "--stats", "--speed", "max", "--retries", "20",
                  "--endpoint", emu.url("faults=drop:40000,slow:8"), timeout=60)
        connections = sum(1 for x in emu.log() if x["event"] == "handshake")
    check(r.rc == 0, "run", r)
    recs = [x for x in map(json.loads, r.out.splitlines()) if x["type"] == "final"]
    check(len(recs) == 4 * COPIES, f"{len(recs)} sentences instead of {4 * COPIES}", r)
    check([x["sentence_id"] for x in recs] == list(range(1, 4 * COPIES + 1)), "ids", r)
    for a, b in zip(recs, recs[1:]):
        check(a["end_ms"] <= b["begin_ms"], f"sentences out of order or overlapping: {a} {b}", r)
    check(connections >= 3, f"only {connections} connections: the drops did not happen")


if __name__ == "__main__":
    run_case(globals())
