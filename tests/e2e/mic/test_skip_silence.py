"""--skip-silence on a live input (issue 18): a microphone whose speaker pauses for 40 s, fed at
4 times real time (miclib.PacedMic) to an emulator whose limits are scaled by 0.1 (23 s without
data -> 2.3 s, 60 s of silence -> 6 s): the pause lasts 10 s of wall time, longer than either
limit. dsasr finishes the task in the long silence and starts a new one when speech returns:
every sentence arrives, on the microphone's own timeline, and the silence is not sent."""

import json

from miclib import *  # noqa: F401,F403

SPEED = 4.0
PAUSE_S = 40


def test_a_long_pause_on_the_microphone_parks_the_task_and_resumes_at_speech():
    en = samples_of("en.wav")
    first = en[:int(4.5 * BYTES_PER_SECOND) // 2 * 2]  # the first sentence and its silence
    rest = en[int(4.5 * BYTES_PER_SECOND) // 2 * 2:]
    samples = first + b"\0" * (PAUSE_S * BYTES_PER_SECOND) + rest
    duration = f"{(len(samples) // 3200 + 1) / 10:.1f}"
    with Emulator("--time-scale", "0.1", script="en.txt") as emu, \
            PacedMic(samples, SPEED) as mic:
        r = run_dsasr(["mic", "--endpoint", emu.url(), "--duration", duration, "--jsonl",
                       "--stats", "--skip-silence", "-v"], mic, timeout=90)
        tasks = emu.received("run-task")
        sent = sum(x.get("bytes", 0) for x in emu.log() if x.get("event") == "recv_binary")
    check(r.rc == 0, "mic run", r)
    recs = [json.loads(line) for line in r.out.splitlines()]
    finals = [x for x in recs if x["type"] == "final"]
    check(len(tasks) == 2, f"a new task after the pause ({len(tasks)} tasks)", r)
    # Every sentence, each task's from the script's first line (the emulator starts each task's
    # script afresh), at en.wav's own sentence times (a plain run of it: 500-3520, 5520-9730,
    # 11730-14920, 16950-18260), the last three PAUSE_S later.
    lines = script_lines("en.txt")
    check([x["text"] for x in finals] == [lines[0]] + lines[:3], "every sentence", r)
    want = [(500, 3520)] + [(b + PAUSE_S * 1000, e + PAUSE_S * 1000)
                            for b, e in ((5520, 9730), (11730, 14920), (16950, 18260))]
    got = [(x["begin_ms"], x["end_ms"]) for x in finals]
    check(all(abs(g[0] - w[0]) <= 100 and abs(g[1] - w[1]) <= 100 for g, w in zip(got, want)),
          f"times on the microphone's timeline: {got}", r)
    check(sent < len(samples) / 2, f"the silence is not sent ({sent} of {len(samples)} bytes)", r)
    stats = [x for x in recs if x["type"] == "stats"][0]
    check(stats["sent_audio_ms"] * 32 <= sent + 64 and len(stats["task_ids"]) == 2,
          f"stats: {stats}", r)


if __name__ == "__main__":
    run_case(globals())
