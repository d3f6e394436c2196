"""Exit statuses and one-line errors (design.md §2.3) for bad input, refused keys, failed tasks,
unreachable services and bad options."""

import os
import socket
import tempfile

from common import *  # noqa: F401,F403


def _one_error_line(r, *needles):
    lines = [l for l in r.err.splitlines() if l.startswith("dsasr: error: ")]
    check(len(lines) == 1, "expected exactly one error line", r)
    for n in needles:
        check(n in lines[0], f"{n!r} not in the error line", r)
    return lines[0]


def test_missing_file_exits_3():
    with Emulator() as emu:
        r = transcribe(emu, "/nonexistent/meeting.wav")
    check(r.rc == 3, "exit 3", r)
    _one_error_line(r, "/nonexistent/meeting.wav")


def test_directory_and_garbage_and_m4a_exit_3():
    with tempfile.TemporaryDirectory() as d, Emulator() as emu:
        garbage = os.path.join(d, "garbage.wav")
        with open(garbage, "wb") as f:
            f.write(b"this is not audio at all" * 100)
        empty = os.path.join(d, "empty.wav")
        open(empty, "wb").close()
        import subprocess
        m4a = os.path.join(d, "talk.m4a")
        subprocess.run([tool("ffmpeg"), "-loglevel", "error", "-y", "-i", data("en.wav"), "-c:a",
                        "aac", m4a], check=True)
        nothing = os.path.join(d, "no-audio-here")  # a directory with no audio file in it
        os.mkdir(nothing)
        for path in (nothing, garbage, empty, m4a):
            r = transcribe(emu, path)
            check(r.rc == 3, f"exit 3 for {path}", r)
            _one_error_line(r, os.path.basename(path))
        r = transcribe(emu, m4a)
        check("ffmpeg" in r.err, "m4a hint names ffmpeg", r)


def test_batch_with_a_bad_input_goes_on_and_exits_7():
    with Emulator(script="en.txt") as emu:
        r = transcribe(emu, data("en.wav"), "/nonexistent.wav", data("zh.wav"), "--jsonl",
                       "--speed", "max")
    check(r.rc == 7, "exit 7", r)
    recs = finals(r.out)
    check({x["input"] for x in recs} == {data("en.wav"), data("zh.wav")}, "both good inputs", r)
    _one_error_line(r, "/nonexistent.wav")


def test_wrong_key_is_401_and_exits_4():
    with Emulator("--api-key", "right-key") as emu:
        r = transcribe(emu, data("en.wav"), key="wrong-key")
        log = open(emu.log_path, encoding="utf-8").read()
    check(r.rc == 4, "exit 4", r)
    line = _one_error_line(r, "401")
    check("wrong-key" not in r.err and "wrong-key" not in r.out, "the key leaked", r)
    check("wrong-key" not in log, "the key reached the emulator log")
    check("DASHSCOPE_API_KEY" in r.err and "region" in r.err, "hint about key and region", r)
    check(line.startswith("dsasr: error: "), "format", r)


def test_no_key_says_where_it_looked_and_exits_4():
    with Emulator() as emu:
        r = transcribe(emu, data("en.wav"), key=None)
    check(r.rc == 4, "exit 4", r)
    _one_error_line(r, "DASHSCOPE_API_KEY", "DASHSCOPE_API_KEY_FILE_PATH", "api_key")


def test_task_failed_exits_6_with_the_service_code():
    with Emulator() as emu:
        r = transcribe(emu, data("en.wav"), query="faults=fail-start:InvalidParameter")
    check(r.rc == 6, "exit 6", r)
    _one_error_line(r, "InvalidParameter", "Injected failure")


def test_jsonl_error_record():
    with Emulator() as emu:
        r = transcribe(emu, data("en.wav"), "--jsonl", query="faults=fail-start:InvalidParameter")
    check(r.rc == 6, "exit 6", r)
    recs = jsonl_records(r.out)
    check(recs and recs[-1]["type"] == "error", "error record", r)
    check(recs[-1]["code"] == "InvalidParameter" and recs[-1]["exit_code"] == 6, "fields", r)


def test_refused_connection_exits_5():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    r = dsasr("file", data("en.wav"), "--endpoint", f"ws://127.0.0.1:{port}/api-ws/v1/inference",
              "--retries", "1")
    check(r.rc == 5, "exit 5", r)
    _one_error_line(r, f"127.0.0.1:{port}", "gave up after 1 retries")


def test_unresolvable_host_exits_5():
    r = dsasr("file", data("en.wav"), "--endpoint", "ws://no-such-host.invalid/api-ws/v1/inference",
              "--retries", "0")
    check(r.rc == 5, "exit 5", r)
    _one_error_line(r, "no-such-host.invalid")


def test_bad_options_exit_2():
    for args in (["file"], ["file", data("en.wav"), "--speed", "fast"],
                 ["file", data("en.wav"), "--format", "docx"],
                 ["file", data("en.wav"), "--no-itn"],  # fun-asr-realtime has no ITN switch
                 ["file", data("en.wav"), "--api-key", "sk-secret"],
                 ["file", data("en.wav"), "--param", "x={bad json"],
                 ["nonsense"]):
        r = dsasr(*args)
        check(r.rc == 2, f"exit 2 for {args}", r)
        check("sk-secret" not in r.err, "the key leaked", r)
        _one_error_line(r)


def test_closed_stdout_ends_quietly():
    import subprocess
    with Emulator(script="en.txt") as emu:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DASHSCOPE_")}
        env["DASHSCOPE_API_KEY"] = "k"
        # At 4x the first sentence is out after about 1 s and the next ones 1.5 s later and on,
        # so they are written to the closed pipe.
        p = subprocess.Popen([PATHS_dsasr(), "file", data("en.wav"), "--endpoint", emu.url(),
                              "--speed", "4"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env)
        first = p.stdout.readline()
        p.stdout.close()  # like `| head -1`
        _, err = p.communicate(timeout=60)
    check(first.decode().strip() == script_lines("en.txt")[0], f"first line {first!r}")
    check(p.returncode == 0, f"exit {p.returncode}, stderr {err!r}")
    check(err == b"", f"stderr not quiet: {err!r}")


def PATHS_dsasr():
    import harness
    return harness.PATHS["dsasr"]



def test_gummy_chat_refuses_more_than_a_minute_without_a_sentence():
    import subprocess
    with tempfile.TemporaryDirectory() as d, Emulator() as emu:
        # A minute of unbroken tone: one "sentence" that never ends.
        tone = os.path.join(d, "tone.wav")
        subprocess.run([tool("sox"), "-n", "-r", "16000", "-c", "1", "-b", "16", tone, "synth",
                        "61", "sine", "440", "vol", "0.3"], check=True)
        r = transcribe(emu, tone, "--model", "gummy-chat-v1", "--speed", "max")
        sent = sum(x["bytes"] for x in emu.log() if x.get("event") == "recv_binary")
    check(r.rc == 3, "exit 3", r)
    _one_error_line(r, "gummy-chat-v1", "60 s")
    check(sent <= 60 * 32000, f"sent {sent} bytes, more than 60 s of audio")


def test_the_key_never_appears_even_at_maximum_verbosity():
    marker = "sk-MARKER-1f2e3d4c5b6a"
    with tempfile.TemporaryDirectory() as d, Emulator(script="en.txt") as emu:
        key_file = os.path.join(d, "key")
        with open(key_file, "w") as f:
            f.write(marker + "\n")
        runs = [
            transcribe(emu, data("en.wav"), "-vvv", "--jsonl", "--stats", "--speed", "max",
                       key=marker),
            transcribe(emu, data("en.wav"), "-vvv", "--speed", "max", "--api-key-file", key_file,
                       key=None),
            transcribe(emu, data("en.wav"), "-vvv", "--speed", "max", key=marker,
                       query="faults=unauthorized"),
            dsasr("file", data("en.wav"), "-vvv", "--endpoint", "ws://127.0.0.1:1/x",
                  "--retries", "0", key=marker),
        ]
        with open(emu.log_path, encoding="utf-8") as f:
            log = f.read()
    for r in runs:
        check(marker not in r.out and marker not in r.err, "the key leaked", r)
        check("MARKER" not in r.err, "part of the key leaked", r)
    check(runs[0].rc == 0 and "sending" in runs[0].err, "-vvv shows the traffic", runs[0])
    check(marker not in log and "MARKER" not in log, "the key reached the emulator log")


def test_output_dir_leaves_nothing_for_a_failed_input():
    """Complete or absent: an input that fails (here, at open) leaves no file under its final
    name, and no temporary file; the good input of the batch is written whole."""
    with tempfile.TemporaryDirectory() as d, Emulator(script="en.txt") as emu:
        bad = os.path.join(d, "broken.wav")
        with open(bad, "wb") as f:
            f.write(b"RIFF\x00\x00\x00\x00WAVEjunk")
        out = os.path.join(d, "subs")
        r = transcribe(emu, data("en.wav"), bad, "--vtt", "--output-dir", out, "--speed", "max")
        check(r.rc == 7, "exit 7", r)
        check(sorted(os.listdir(out)) == ["en.vtt"], f"only en.vtt in {os.listdir(out)}", r)
        with open(os.path.join(out, "en.vtt"), encoding="utf-8") as f:
            check(f.read().count(" --> ") >= 4, "the good input's cues")
        r = transcribe(emu, bad, "--jsonl", "--output-dir", out)
        check(r.rc == 3, "exit 3 alone", r)
        check(sorted(os.listdir(out)) == ["en.vtt"], f"still only en.vtt: {os.listdir(out)}", r)


if __name__ == "__main__":
    run_case(globals())
