"""Hostile server input never crashes or hangs dsasr (design.md section 3): every text message
fragmented into 1-byte WebSocket frames, unknown members of every JSON type everywhere, a text
frame that is not JSON before the first result, and a 2 MB final result, for both families. Each
run must end within the suite's bound with the fault-free transcript, on its one connection
(tolerated, not retried).

Results after the end (after-finish: an interim and a final after task-finished /
session.finished, a late one, then the server's close) must not be shown, in either output
format, and must not delay the exit. Results for another task (wrong-task-id, duplex only: a
copy of every result for another task id, and that task's task-finished or task-failed) are not
shown, and the other task's end neither ends nor fails dsasr's."""

import json
import time

from common import *  # noqa: F401,F403


def _tolerated(family, faults, source="file"):
    mic_audio = mic_speech()
    with FakeMic(mic_audio) as mic:
        src = "mic" if source == "mic" else data("en.wav")
        ref = reference(family, src, mic=mic)
        with Emulator(script="en.txt") as emu:
            r = run_source(emu, family, src, "--jsonl", faults=faults, mic=mic)
            conns = connections(emu)
    check(r.rc == 0, f"{faults}: exit 0", r)
    check(conns == [1], f"{faults}: tolerated on one connection, got {conns}", r)
    check(not error_lines(r), "no error line", r)
    got = finals(r.out)
    strip = lambda recs: [{k: v for k, v in x.items() if k != "task_id"} for x in recs]
    check(strip(got) == strip(ref), f"{faults}: the fault-free transcript\n{ref}", r)
    return r


def test_fragment_1_duplex():
    _tolerated("duplex", "fragment:1")


def test_fragment_1_realtime():
    _tolerated("realtime", "fragment:1")


def test_unknown_fields_duplex():
    _tolerated("duplex", "unknown-fields")


def test_unknown_fields_realtime():
    _tolerated("realtime", "unknown-fields")


def test_non_json_duplex():
    _tolerated("duplex", "non-json")


def test_non_json_realtime():
    _tolerated("realtime", "non-json")


def test_oversized_2mb_duplex():
    _tolerated("duplex", "oversized:2000000")


def test_oversized_2mb_realtime():
    _tolerated("realtime", "oversized:2000000")


def test_all_hostile_inputs_at_once_mic_duplex():
    _tolerated("duplex", "fragment:3,unknown-fields,non-json,oversized:2000000", source="mic")


def test_all_hostile_inputs_at_once_mic_realtime():
    _tolerated("realtime", "fragment:3,unknown-fields,non-json,oversized:2000000", source="mic")



# ---- results the server must not be believed about -----------------------------------------

MARKS = ("[wrong task]", "[after finish]")  # every injected text starts with one (dsasr-emulator(1))
QUICK_S = 10  # a fault-free run of en.wav takes well under a second


def _shown_as_without_fault(family, faults, fmt):
    """dsasr on en.wav with `faults` prints exactly what the fault-free run prints in `fmt`
    ("jsonl" or "text"), on one connection, exits 0, quickly. Returns (run, emulator log)."""
    args = ["--jsonl"] if fmt == "jsonl" else []
    src = data("en.wav")
    with Emulator(script="en.txt") as emu:
        ref = run_source(emu, family, src, *args)
    check(ref.rc == 0, f"{family} {fmt}: fault-free reference run failed", ref)
    with Emulator(script="en.txt") as emu:
        r = run_source(emu, family, src, *args, faults=faults)
        log = _settled_log(emu)
        conns = connections(emu)
    what = f"{family} {fmt} {faults}"
    check(r.rc == 0, f"{what}: exit 0", r)
    check(conns == [1], f"{what}: one connection, no resume, got {conns}", r)
    check(not error_lines(r), f"{what}: no error line", r)
    for mark in MARKS:
        check(mark not in r.out, f"{what}: an injected {mark} text was shown", r)
    if fmt == "jsonl":
        strip = lambda recs: [{k: v for k, v in x.items() if k != "task_id"} for x in recs]
        check(len(finals(ref.out)) == 4, "the reference has en.txt's four sentences", ref)
        check(strip(jsonl_records(r.out)) == strip(jsonl_records(ref.out)),
              f"{what}: the fault-free records\n{ref.out}", r)
    else:
        check(r.out == ref.out, f"{what}: the fault-free text\n{ref.out}", r)
    check(r.elapsed_s < QUICK_S, f"{what}: took {r.elapsed_s:.1f} s", r)
    return r, log


def _settled_log(emu, limit_s=5.0):
    """The emulator's log once it has stopped growing: it logs what it sent after sending, so
    dsasr may have read a message and exited before the record of it is written."""
    deadline = time.monotonic() + limit_s
    log = emu.log()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        again = emu.log()
        if len(again) == len(log):
            break
        log = again
    return log


def _sent(log):
    """(index in the log, message) of every JSON text the emulator sent."""
    return [(i, x["json"]) for i, x in enumerate(log)
            if x["event"] == "send_text" and isinstance(x.get("json"), dict)]


def _marked(message, mark):
    return mark in json.dumps(message, ensure_ascii=False)


def _event(message):
    return message.get("header", {}).get("event") or message.get("type")


def _after_finish(family, fmt, faults="after-finish"):
    r, log = _shown_as_without_fault(family, faults, fmt)
    sent = _sent(log)
    end = "task-finished" if family == "duplex" else "session.finished"
    ends = [i for i, m in sent if _event(m) == end]
    injected = [i for i, m in sent if _marked(m, "[after finish]")]
    check(len(ends) == 1, f"one {end} sent, got {len(ends)}", r)
    # Else the run proves nothing: dsasr closed before anything came after the end.
    check(injected, "no [after finish] result reached the wire before dsasr closed", r)
    check(all(i > ends[0] for i in injected), f"the injected results follow {end}", r)


def test_after_finish_duplex_jsonl():
    _after_finish("duplex", "jsonl")


def test_after_finish_duplex_text():
    _after_finish("duplex", "text")


def test_after_finish_realtime_jsonl():
    _after_finish("realtime", "jsonl")


def test_after_finish_realtime_text():
    _after_finish("realtime", "text")


def test_after_finish_late_close_does_not_delay_the_exit_duplex():
    _after_finish("duplex", "jsonl", faults="after-finish:20000")


def test_after_finish_late_close_does_not_delay_the_exit_realtime():
    _after_finish("realtime", "text", faults="after-finish:20000")


def _wrong_task_id(fmt, faults):
    """Duplex: the copies of every result for another task, and that task's end (faults
    wrong-task-id:finished / :failed), change nothing; the other task's end does not end dsasr's."""
    r, log = _shown_as_without_fault("duplex", faults, fmt)
    sent = _sent(log)
    own = task_id_on(log, 1, "duplex")
    copies = [i for i, m in sent if _marked(m, "[wrong task]")]
    check(len(copies) >= 4, f"copies of every result were sent, got {len(copies)}", r)
    check(all(m["header"]["task_id"] != own for i, m in sent if i in copies),
          "copies carry another task id", r)
    if ":" in faults:
        end = "task-finished" if faults.endswith("finished") else "task-failed"
        foreign = [i for i, m in sent if _event(m) == end and m["header"]["task_id"] != own]
        check(len(foreign) == 1, f"the other task's {end} was sent", r)
        own_end = [i for i, m in sent if _event(m) == "task-finished" and
                   m["header"]["task_id"] == own]
        check(len(own_end) == 1 and own_end[0] > foreign[0],
              f"the task's own task-finished came after the other task's {end}", r)


def test_wrong_task_id_duplex_jsonl():
    _wrong_task_id("jsonl", "wrong-task-id")


def test_wrong_task_id_duplex_text():
    _wrong_task_id("text", "wrong-task-id")


def test_wrong_task_id_finished_duplex_jsonl():
    _wrong_task_id("jsonl", "wrong-task-id:finished")


def test_wrong_task_id_failed_duplex_text():
    _wrong_task_id("text", "wrong-task-id:failed")


if __name__ == "__main__":
    run_case(globals())
