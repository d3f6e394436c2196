"""--parallel (issue 22): one long recording cut at silences into parts transcribed at once on
their own connections, then stitched: the same sentences at the same times as one connection
gives, in time order in every format, a quarter of the wall time or less against a service that
processes at real time, a drop resumed by its part alone, and a part that keeps failing named
with the time range it leaves without results."""

import json
import os
import re
import signal
import subprocess
import tempfile
import time

from common import *  # noqa: F401,F403
import harness

EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_NETWORK = 5


def _long_sample(tmp, copies=6, pad_s=2):
    """en.wav `copies` times with `pad_s` of silence after each: about two minutes, four
    sentences per copy."""
    one = os.path.join(tmp, "one.wav")
    subprocess.run([tool("sox"), data("en.wav"), one, "pad", "0", str(pad_s)], check=True)
    out = os.path.join(tmp, "long.wav")
    subprocess.run([tool("sox")] + [one] * copies + [out], check=True)
    return out


def _length_ms(path):
    p = subprocess.run([tool("soxi"), "-D", path], capture_output=True, text=True, check=True)
    return float(p.stdout) * 1000


def _run(emu, *args, query="", timeout=120):
    r = transcribe(emu, "--jsonl", "--stats", *args, query=query, timeout=timeout)
    recs = jsonl_records(r.out) if r.out else []
    return (r, [x for x in recs if x["type"] == "final"],
            [x for x in recs if x["type"] == "stats"], [x for x in recs if x["type"] == "error"])


def _reference(sample):
    """One connection, at full speed: the transcript --parallel must reproduce."""
    with Emulator(script="en.txt") as emu:
        r, ref, _, _ = _run(emu, "--speed", "max", sample)
    check(r.rc == 0 and len(ref) >= 20, "the sequential reference run", r)
    return ref


def _same_sentences(got, ref, r):
    check(len(got) == len(ref), f"{len(got)} sentences, one connection gives {len(ref)}", r)
    for a, b in zip(got, ref):
        check(abs(a["begin_ms"] - b["begin_ms"]) <= 100 and abs(a["end_ms"] - b["end_ms"]) <= 100,
              f"sentence {a['sentence_id']}: {a['begin_ms']}-{a['end_ms']}, one connection "
              f"gives {b['begin_ms']}-{b['end_ms']}", r)
    check([x["sentence_id"] for x in got] == list(range(1, len(got) + 1)),
          "sentences numbered 1..N across the parts", r)
    check(all(x["begin_ms"] < y["begin_ms"] for x, y in zip(got, got[1:])), "in time order", r)
    parts = [x["segment"] for x in got]
    check(parts == sorted(parts), f"parts in order: {parts}", r)


def _check_parts(stats, length_ms, n, r):
    segs = stats["segments"]
    check(len(segs) == n, f"{n} parts: {segs}", r)
    check(segs[0]["begin_ms"] == 0 and abs(segs[-1]["end_ms"] - length_ms) <= 20,
          f"the parts cover the input: {segs}", r)
    for a, b in zip(segs, segs[1:]):
        check(a["end_ms"] == b["begin_ms"], f"the parts meet: {segs}", r)
    check(stats["task_ids"] == [t for s in segs for t in s["task_ids"]],
          "the stats list every part's tasks", r)
    check(abs(stats["audio_ms"] - length_ms) <= 50,
          f"audio_ms {stats['audio_ms']} sums the parts ({length_ms:.0f})", r)


# Timing: the parts run at once against slow:1. The stitching and the parts are the other
# --parallel tests', which the ASan run keeps.
# ctest-labels: timer
def test_parallel_8_takes_a_quarter_of_the_time_with_the_same_sentences():
    with tempfile.TemporaryDirectory() as tmp:
        sample = _long_sample(tmp)
        length_ms = _length_ms(sample)
        ref = _reference(sample)
        # slow:1: the emulator gives the result for audio second N no sooner than N s after its
        # task started, as a service processing at real time does; one connection therefore
        # takes at least the recording's length, whatever dsasr does.
        with Emulator(script="en.txt") as emu:
            started = time.monotonic()
            r, got, stats, _ = _run(emu, "--parallel", "8", sample, query="faults=slow:1")
            wall_s = time.monotonic() - started
            tasks = emu.received("run-task")
    check(r.rc == 0, "--parallel 8 against the slow emulator", r)
    _same_sentences(got, ref, r)
    _check_parts(stats[0], length_ms, 8, r)
    check(len(tasks) == 8, f"one task per part, got {len(tasks)}", r)
    sequential_at_least_s = length_ms / 1000
    print(f"--parallel 8: {wall_s:.1f} s for {sequential_at_least_s:.1f} s of audio")
    check(wall_s < sequential_at_least_s / 4,
          f"took {wall_s:.1f} s; one connection takes at least {sequential_at_least_s:.1f} s", r)


def test_parallel_outputs_are_in_time_order_and_valid():
    import srt
    with tempfile.TemporaryDirectory() as tmp:
        sample = _long_sample(tmp)
        length_ms = _length_ms(sample)
        outs = {ext: os.path.join(tmp, "out." + ext) for ext in ("srt", "vtt", "jsonl")}
        with Emulator(script="en.txt") as emu:
            r = transcribe(emu, "--speed", "max", "--parallel", "4", "--stats", "--words",
                           *[a for p in outs.values() for a in ("-o", p)], sample, timeout=120)
        check(r.rc == 0, "--parallel 4 to three files", r)
        with open(outs["jsonl"], encoding="utf-8") as f:
            recs = jsonl_records(f.read())
        with open(outs["srt"], encoding="utf-8") as f:
            cues = list(srt.parse(f.read()))
        with open(outs["vtt"], encoding="utf-8") as f:
            vtt = f.read()
    got = [x for x in recs if x["type"] == "final"]
    check(len(got) == 24, f"six copies of four sentences, got {len(got)}", r)
    _same_sentences(got, got, r)
    for s in got:
        words = [w["begin_ms"] for w in s["words"]]
        check(words == sorted(words) and s["begin_ms"] <= words[0] and words[-1] <= s["end_ms"],
              f"sentence {s['sentence_id']}'s words lie inside it", r)
    stats = [x for x in recs if x["type"] == "stats"]
    check(len(stats) == 1 and recs[-1]["type"] == "stats", "one stats record, last", r)
    _check_parts(stats[0], length_ms, 4, r)
    check([c.index for c in cues] == list(range(1, len(cues) + 1)), "SRT cues numbered", r)
    check(all(a.end <= b.start for a, b in zip(cues, cues[1:])), "SRT cues in time order", r)
    check(abs(cues[0].start.total_seconds() * 1000 - got[0]["begin_ms"]) <= 1 and
          abs(cues[-1].end.total_seconds() * 1000 - got[-1]["end_ms"]) <= 1,
          "SRT spans the sentences", r)
    check(vtt.startswith("WEBVTT\n\n"), "VTT header", r)
    starts = re.findall(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> ", vtt, re.M)
    starts_ms = [((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms) for h, m, s, ms in starts]
    check(len(starts_ms) == len(cues) and starts_ms == sorted(starts_ms),
          "VTT cues in time order, as many as SRT's", r)


def test_a_drop_in_one_part_resumes_that_part_alone():
    with tempfile.TemporaryDirectory() as tmp:
        sample = _long_sample(tmp)
        length_ms = _length_ms(sample)
        ref = _reference(sample)
        with Emulator(script="en.txt") as emu:
            r, got, stats, _ = _run(emu, "--speed", "max", "--parallel", "4", sample,
                                    query="faults=drop-first:3000")
            handshakes = [x for x in emu.log() if x["event"] == "handshake"]
    check(r.rc == 0, "the dropped part resumed", r)
    _same_sentences(got, ref, r)
    st = stats[0]
    _check_parts(st, length_ms, 4, r)
    check(st["reconnects"] == 1, f"one reconnect in all, got {st['reconnects']}", r)
    per_part = [len(s["task_ids"]) for s in st["segments"]]
    check(sorted(per_part) == [1, 1, 1, 2], f"one part took two tasks: {per_part}", r)
    check(len(handshakes) == 5, f"four parts and one resume, got {len(handshakes)} connections",
          r)


def test_a_part_that_keeps_failing_fails_the_input_and_names_its_range():
    with tempfile.TemporaryDirectory() as tmp:
        sample = _long_sample(tmp)
        length_ms = _length_ms(sample)
        # The first two connections start; every later one is refused: the third part, and
        # each of its retries.
        with Emulator(script="en.txt") as emu:
            r, got, stats, errors = _run(
                emu, "--speed", "max", "--parallel", "3", "--retries", "1", sample,
                query="faults=fail-start-after:2:InternalError.Injected")
    check(r.rc == EXIT_NETWORK, f"exit {r.rc}: a retryable failure that outlasts the retries", r)
    segs = stats[0]["segments"]
    check(len(segs) == 3, f"three parts: {segs}", r)
    check(len(errors) == 1, f"one error record: {errors}", r)
    e = errors[0]
    check(e["segment"] == 2 and e["missing_begin_ms"] == segs[2]["begin_ms"] and
          e["missing_end_ms"] == segs[2]["end_ms"], f"the error names part 2's range: {e}", r)
    check(e["exit_code"] == EXIT_NETWORK and e["code"] == "InternalError.Injected", str(e), r)
    check(got and all(x["segment"] < 2 for x in got) and
          got[-1]["end_ms"] <= segs[2]["begin_ms"], "the first two parts' sentences are written",
          r)
    check(len(got) >= 12, f"about two thirds of 24 sentences, got {len(got)}", r)
    lines = [x for x in r.err.splitlines() if "part 3 of 3 (" in x and "failed" in x]
    check(len(lines) == 1, "stderr names the part and its time range", r)
    check(abs(length_ms - segs[2]["end_ms"]) <= 20, "the last part reaches the end", r)


def test_a_truncated_file_fails_in_its_last_part_as_it_does_in_one():
    with tempfile.TemporaryDirectory() as tmp:
        sample = _long_sample(tmp)
        truncated = os.path.join(tmp, "truncated.wav")
        with open(sample, "rb") as f:
            data = f.read()
        with open(truncated, "wb") as f:
            f.write(data[:len(data) * 4 // 5])  # the header still announces the whole length
        with Emulator(script="en.txt") as emu:
            one, one_finals, _, one_errors = _run(emu, "--speed", "max", truncated)
            par, par_finals, stats, par_errors = _run(emu, "--speed", "max", "--parallel", "4",
                                                      truncated)
    check(one.rc == EXIT_INPUT and par.rc == EXIT_INPUT, "exit 3 either way", par)
    _same_sentences(par_finals, one_finals, par)
    check(len(par_errors) == 1 and par_errors[0]["segment"] == 3 and
          par_errors[0]["message"] == one_errors[0]["message"],
          f"the last part meets the truncation: {par_errors}", par)
    check("part 4 of 4 (" in par.err and "truncated" in par.err, "stderr names the part", par)


def test_parallel_auto_cuts_by_length_and_says_where():
    with tempfile.TemporaryDirectory() as tmp:
        sample = _long_sample(tmp)
        with Emulator(script="en.txt") as emu:
            r, got, stats, _ = _run(emu, "--speed", "max", "--parallel", "auto", "-v", sample)
    check(r.rc == 0, "--parallel auto", r)
    # About 135 s: one part per whole minute.
    check(len(stats[0]["segments"]) == 2, f"two parts: {stats[0]['segments']}", r)
    check(re.search(r"cut into 2 parts at \d\d:\d\d\.\d", r.err), "-v says where it cut", r)


def test_a_file_without_a_long_silence_is_not_cut():
    with tempfile.TemporaryDirectory() as tmp:
        # The first sentence of en.wav, five times, with no pause long enough to end a sentence.
        part = os.path.join(tmp, "part.wav")
        subprocess.run([tool("sox"), data("en.wav"), part, "trim", "0.4", "3.5"], check=True)
        speech = os.path.join(tmp, "speech.wav")
        subprocess.run([tool("sox")] + [part] * 6 + [speech], check=True)
        with Emulator(script="en.txt") as emu:
            r, got, stats, _ = _run(emu, "--speed", "max", "--parallel", "4", "-v", speech)
            tasks = emu.received("run-task")
    check(r.rc == 0 and len(tasks) == 1, "one task", r)
    check(len(stats[0]["segments"]) == 1, "one part", r)
    check("not cut: no silence longer than 1300 ms" in r.err, "-v says why", r)


def test_jobs_count_connections_across_files_and_parts():
    with tempfile.TemporaryDirectory() as tmp:
        sample = _long_sample(tmp)
        second = os.path.join(tmp, "second.wav")
        os.link(sample, second)
        # slow:20: each part's task lasts a while, so the connections overlap.
        with Emulator(script="en.txt") as emu:
            r = transcribe(emu, "--jsonl", "--parallel", "4", "-j", "3", sample, second,
                           query="faults=slow:20", timeout=120)
            log = emu.log()
    check(r.rc == 0, "two files in four parts, three connections", r)
    # Tasks under way, from the emulator's log (one thread, in order): from its run-task to the
    # task-finished it sent. dsasr starts the next part only after it has read a task-finished,
    # so the count is exact, whatever the sockets' closing handshakes still do.
    running, most, tasks = 0, 0, 0
    for rec in log:
        msg = rec.get("json") if isinstance(rec.get("json"), dict) else {}
        header = msg.get("header", {})
        if rec["event"] == "recv_text" and header.get("action") == "run-task":
            running += 1
            tasks += 1
            most = max(most, running)
        elif rec["event"] == "send_text" and header.get("event") == "task-finished":
            running -= 1
    check(tasks == 8, f"four parts per file, got {tasks} tasks", r)
    check(most <= 3, f"-j 3 counts connections: {most} tasks ran at once", r)
    check(most >= 2, f"the parts ran at once: at most {most} at a time", r)
    got = [x for x in jsonl_records(r.out) if x["type"] == "final"]
    for name in (sample, second):
        mine = [x for x in got if x["input"] == name]
        check(len(mine) == 24 and [x["sentence_id"] for x in mine] == list(range(1, 25)),
              f"{name}: 24 sentences numbered in order", r)


def test_ctrl_c_finishes_every_running_part():
    with tempfile.TemporaryDirectory() as tmp:
        sample = _long_sample(tmp)
        with Emulator(script="en.txt") as emu:
            env = {k: v for k, v in os.environ.items() if not k.startswith("DASHSCOPE_")}
            env["DASHSCOPE_API_KEY"] = "k"
            p = subprocess.Popen([harness.PATHS["dsasr"], "file", sample, "--jsonl",
                                  "--parallel", "4", "--endpoint", emu.url("faults=slow:2")],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            emu.log_when(lambda log: sum(1 for x in log if x["event"] == "handshake") >= 4, 10)
            time.sleep(1.0)
            p.send_signal(signal.SIGINT)
            out, err = p.communicate(timeout=60)
            finish = emu.received("finish-task")
            started = emu.received("run-task")
    r = Result(p.returncode, out.decode(), err.decode())
    check(r.rc == 130, "exit 130 after a clean finish", r)
    check(len(started) == 4 and len(finish) == 4, f"every part finished: {len(finish)} of "
          f"{len(started)}", r)
    got = [x for x in jsonl_records(r.out) if x["type"] == "final"]
    check(all(x["begin_ms"] < y["begin_ms"] for x, y in zip(got, got[1:])),
          "what was transcribed is in time order", r)


def test_parallel_refuses_stdin():
    with Emulator() as emu:
        r = transcribe(emu, "--parallel", "4", "-", input_bytes=b"")
    check(r.rc == EXIT_USAGE, "usage error", r)
    check("--parallel cuts regular files only" in r.err, "says why", r)
    r = dsasr("mic", "--parallel", "2")
    check(r.rc == EXIT_USAGE, "mic has no --parallel", r)


if __name__ == "__main__":
    run_case(globals())
