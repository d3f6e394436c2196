"""What is retried and what is not (design.md sections 2.3 and 3), counted in connections the
emulator saw: throttling and server-side task failures are retried with resume; a refused key
(the unauthorized fault, a key the emulator does not accept) and invalid parameters fail fast
with exactly one connection; --retries bounds the connections when no progress is possible."""

from common import *  # noqa: F401,F403


def _throttled(family, source):
    mic_audio = mic_speech()
    with FakeMic(mic_audio) as mic:
        src = "mic" if source == "mic" else data("en.wav")
        ref = reference(family, src, mic=mic)
        with Emulator(script="en.txt") as emu:
            r = run_source(emu, family, src, "--jsonl", faults="throttle:2", mic=mic)
            conns = connections(emu)
            last_audio = audio_bytes(emu, 3)
    check(r.rc == 0, "throttled twice, then retried to success", r)
    check(conns == [1, 2, 3], f"three connections, got {conns}", r)
    check(r.err.count("Throttling.RateQuota") == 2 and r.err.count("retry ") == 2,
          "each throttled attempt is reported as a warning with the service code", r)
    check(not error_lines(r), "no error line", r)
    got = finals(r.out)
    check_same_transcript(got, ref, script_lines("en.txt"), r)
    check(len({x["task_id"] for x in got}) == 1, "every final from the one task that ran", r)
    expected = len(mic_audio) if source == "mic" else len(wav_frames("en.wav"))
    check(same_audio_bytes(last_audio, expected, family),
          f"the task that ran got all the audio ({last_audio} bytes of {expected})", r)


def test_throttling_retried_file_duplex():
    _throttled("duplex", "file")


def test_throttling_retried_file_realtime():
    _throttled("realtime", "file")


def test_throttling_retried_mic_duplex():
    _throttled("duplex", "mic")


def test_throttling_retried_mic_realtime():
    _throttled("realtime", "mic")


def _throttled_beyond_retries(family):
    with Emulator(script="en.txt") as emu:
        r = run_source(emu, family, data("en.wav"), "--retries", "2", faults="throttle:5")
        conns = connections(emu)
    check(conns == [1, 2, 3], f"1 + 2 retries = three connections, got {conns}", r)
    return r, one_error_line(r, "gave up after 2 retries")


def test_throttling_beyond_retries_names_the_code_duplex():
    # design.md 2.3: errors are `dsasr: error: <input>: <what> (<service code>)`.
    r, line = _throttled_beyond_retries("duplex")
    check("Throttling.RateQuota" in line, "the final error line names the service code", r)


def test_throttling_beyond_retries_names_the_code_realtime():
    r, line = _throttled_beyond_retries("realtime")
    check("Throttling.RateQuota" in line, "the final error line names the service code", r)


def test_throttling_beyond_retries_exits_5():
    # design.md 2.3: 5 is a failure after retries; 6 is the service rejecting the task with a
    # non-retryable failure, and throttling is retryable.
    r, _ = _throttled_beyond_retries("duplex")
    check(r.rc == 5, f"exit 5 (failure after retries), got {r.rc}", r)


def _server_error_mid_task(family):
    """fail:MS:InternalError hits every connection after MS ms of its audio; each connection
    still finishes one more sentence, so resuming makes progress."""
    ref = reference(family, data("en.wav"))
    with Emulator(script="en.txt") as emu:
        r = run_source(emu, family, data("en.wav"), "--jsonl", faults="fail:8000:InternalError")
        conns = connections(emu)
    check(r.rc == 0, "retried to success", r)
    check(len(conns) >= 2, f"reconnected, connections {conns}", r)
    check("InternalError" in r.err and "resuming from" in r.err, "reported", r)
    check_same_transcript(finals(r.out), ref, script_lines("en.txt"), r)


def test_server_error_mid_task_retried_duplex():
    _server_error_mid_task("duplex")


def test_server_error_mid_task_retried_realtime():
    _server_error_mid_task("realtime")


def _not_retried(family, source, expected_rc, needles, faults=None, emulator_args=(),
                 key="test-key"):
    mic_audio = mic_speech()
    with FakeMic(mic_audio) as mic, Emulator(*emulator_args, script="en.txt") as emu:
        src = "mic" if source == "mic" else data("en.wav")
        # --retries 2 keeps a wrongly retried case short; one connection is still the answer.
        r = run_source(emu, family, src, "--jsonl", "--retries", "2", faults=faults, mic=mic,
                       key=key)
        hs = handshakes(emu)
    check(len(hs) == 1, f"exactly one connection, got {len(hs)}", r)
    check(r.rc == expected_rc, f"exit {expected_rc}, got {r.rc}", r)
    one_error_line(r, *needles)
    check("retry" not in r.err and "resuming" not in r.err, "nothing was retried", r)
    check(not finals(r.out), "no sentence", r)
    errors = [x for x in jsonl_records(r.out) if x["type"] == "error"]
    check(len(errors) == 1 and errors[0]["exit_code"] == expected_rc, "one jsonl error record",
          r)
    return hs[0], r


def test_unauthorized_fault_not_retried_duplex():
    hs, _ = _not_retried("duplex", "file", 4, ["401"], faults="unauthorized")
    check(hs["status"] == 401, f"handshake {hs}")


def test_unauthorized_fault_not_retried_realtime():
    hs, _ = _not_retried("realtime", "file", 4, ["401"], faults="unauthorized")
    check(hs["status"] == 401, f"handshake {hs}")


def test_unauthorized_fault_not_retried_mic():
    _not_retried("duplex", "mic", 4, ["401"], faults="unauthorized")


def test_wrong_api_key_not_retried_duplex():
    _not_retried("duplex", "file", 4, ["401"], emulator_args=("--api-key", "right-key"),
                 key="wrong-key")


def test_wrong_api_key_not_retried_realtime():
    _not_retried("realtime", "file", 4, ["401"], emulator_args=("--api-key", "right-key"),
                 key="wrong-key")


def test_invalid_parameter_not_retried_duplex():
    _not_retried("duplex", "file", 6, ["InvalidParameter", "Injected failure"],
                 faults="fail-start:InvalidParameter")


def test_invalid_parameter_not_retried_realtime():
    _not_retried("realtime", "file", 6, ["InvalidParameter", "Injected failure"],
                 faults="fail-start:InvalidParameter")


def test_invalid_parameter_not_retried_mic():
    _not_retried("realtime", "mic", 6, ["InvalidParameter"],
                 faults="fail-start:InvalidParameter")


def _retries_0(family, source):
    mic_audio = mic_speech()
    with FakeMic(mic_audio) as mic, Emulator(script="en.txt") as emu:
        src = "mic" if source == "mic" else data("en.wav")
        r = run_source(emu, family, src, "--retries", "0", faults="drop:300", mic=mic)
        conns = connections(emu)
    check(conns == [1], f"one connection, got {conns}", r)
    check(r.rc == 5, f"exit 5, got {r.rc}", r)
    one_error_line(r, "lost")
    check(r.err.splitlines() == error_lines(r), "stderr is just the error line", r)
    check(r.out == "", "no sentence", r)


def test_retries_0_drop_exits_5_duplex():
    _retries_0("duplex", "file")


def test_retries_0_drop_exits_5_realtime():
    _retries_0("realtime", "file")


def test_retries_0_drop_exits_5_mic():
    _retries_0("duplex", "mic")


def _no_progress(family):
    """drop:200 hits every connection before any sentence could end: no progress is possible,
    so --retries 2 gives up after exactly three connections, each resending from the start."""
    with Emulator(script="en.txt") as emu:
        r = run_source(emu, family, data("en.wav"), "--retries", "2", faults="drop:200")
        conns = connections(emu)
        sent = [audio_bytes(emu, c) for c in conns]
    check(conns == [1, 2, 3], f"three connections, got {conns}", r)
    check(r.rc == 5, f"exit 5, got {r.rc}", r)
    one_error_line(r, "gave up after 2 retries")
    check(r.err.count("resuming from 00:00.0") == 2, "two retries from the start", r)
    check(all(n >= 200 * BYTES_PER_MS for n in sent), f"audio per connection {sent}", r)


def test_retries_2_without_progress_gives_up_after_3_connections_duplex():
    _no_progress("duplex")


def test_retries_2_without_progress_gives_up_after_3_connections_realtime():
    _no_progress("realtime")


if __name__ == "__main__":
    run_case(globals())
