"""Outputs you can trust (issue 14): a failed write is an error with its own exit status (8), an
output never overwrites an input, one run writes several formats, --timestamps, the progress line,
and Ctrl+C while standard input has not yet said anything."""

import hashlib
import json
import os
import re
import resource
import signal
import subprocess
import tempfile
import time

from common import *  # noqa: F401,F403

FORMATS = {"text": "txt", "jsonl": "jsonl", "srt": "srt", "vtt": "vtt"}
EXIT_OUTPUT = 8


def _error_lines(r):
    return [l for l in r.err.splitlines() if l.startswith("dsasr: error: ")]


def _limit_file_size(limit_bytes):
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, resource.RLIM_INFINITY))
    return apply


def _run(args, stdout=None, preexec=None, stdin=subprocess.DEVNULL, timeout=60):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHSCOPE_")}
    env.update(DASHSCOPE_API_KEY="test-key", HOME=tempfile.gettempdir() + "/dsasr-e2e-nohome")
    p = subprocess.run([harness.PATHS["dsasr"], *args], env=env, stdin=stdin,
                       stdout=stdout if stdout is not None else subprocess.PIPE,
                       stderr=subprocess.PIPE, preexec_fn=preexec, timeout=timeout)
    out = p.stdout.decode("utf-8", "replace") if p.stdout is not None else ""
    return harness.Result(p.returncode, out, p.stderr.decode("utf-8", "replace"))


def test_a_full_device_on_stdout_or_o_is_exit_8_for_every_format():
    with Emulator(script="en.txt") as emu:
        for fmt in FORMATS:
            with open("/dev/full", "wb") as full:
                r = _run(["file", data("en.wav"), "--endpoint", emu.url(), "-f", fmt, "--speed",
                          "max"], stdout=full)
            check(r.rc == EXIT_OUTPUT, f"{fmt} > /dev/full: exit {r.rc}, expected 8", r)
            lines = _error_lines(r)
            check(len(lines) == 1 and "cannot write standard output: No space left on device"
                  in lines[0], f"{fmt} > /dev/full: one error line naming standard output", r)
            r = _run(["file", data("en.wav"), "--endpoint", emu.url(), "-f", fmt, "--speed",
                      "max", "-o", "/dev/full"])
            check(r.rc == EXIT_OUTPUT, f"{fmt} -o /dev/full: exit {r.rc}", r)
            check(len(_error_lines(r)) == 1 and "cannot write /dev/full" in r.err,
                  f"{fmt} -o /dev/full: the error names the output", r)


def test_a_file_size_limit_is_exit_8_and_leaves_no_complete_looking_file():
    with tempfile.TemporaryDirectory() as d, Emulator(script="en.txt") as emu:
        for fmt, ext in FORMATS.items():
            # A live -o file: the error, exit 8; what was written stays, cut short.
            out = os.path.join(d, f"live.{ext}")
            r = _run(["file", data("en.wav"), "--endpoint", emu.url(), "--speed", "max", "-o",
                      out, "-f", fmt], preexec=_limit_file_size(60))
            check(r.rc == EXIT_OUTPUT, f"{fmt} -o under ulimit -f: exit {r.rc}", r)
            check(len(_error_lines(r)) == 1 and f"cannot write {out}: File too large" in r.err,
                  f"{fmt}: one error line naming {out}", r)
            check(os.path.getsize(out) <= 60, f"{fmt}: {out} beyond the limit")
            # Standard output redirected to a file under the same limit.
            path = os.path.join(d, f"stdout.{ext}")
            with open(path, "wb") as f:
                r = _run(["file", data("en.wav"), "--endpoint", emu.url(), "--speed", "max",
                          "-f", fmt], stdout=f, preexec=_limit_file_size(60))
            check(r.rc == EXIT_OUTPUT and "cannot write standard output: File too large" in r.err,
                  f"{fmt} > file under ulimit -f: exit {r.rc}", r)
        # A batch: every input fails on its own, the batch goes on and ends with 7; nothing
        # appears under a final name and no temporary file is left.
        outdir = os.path.join(d, "batch")
        r = _run(["file", data("en.wav"), data("zh.wav"), "--endpoint", emu.url(), "--speed",
                  "max", "-f", "srt,jsonl", "--output-dir", outdir],
                 preexec=_limit_file_size(100))
        check(r.rc == 7, f"a batch under ulimit -f: exit {r.rc}, expected 7", r)
        check(len(_error_lines(r)) == 2, "one error line per input", r)
        check(os.listdir(outdir) == [], f"--output-dir holds {os.listdir(outdir)}", r)


def test_an_output_that_is_an_input_is_refused_and_the_input_kept():
    with tempfile.TemporaryDirectory() as d, Emulator(script="en.txt") as emu:
        wav = os.path.join(d, "v.wav")
        with open(data("en.wav"), "rb") as src, open(wav, "wb") as dst:
            dst.write(src.read())
        digest = hashlib.sha256(open(wav, "rb").read()).hexdigest()
        os.symlink(wav, os.path.join(d, "link.wav"))
        os.link(wav, os.path.join(d, "hard.srt"))
        os.makedirs(os.path.join(d, "subs"))
        os.symlink(wav, os.path.join(d, "subs", "v.srt"))
        cases = [
            ["file", wav, "-o", wav, "--srt"],
            ["file", os.path.join(d, "link.wav"), "-o", wav],
            ["file", wav, "-o", os.path.join(d, "hard.srt")],
            ["file", wav, "-o", "out.txt", "-o", os.path.join(d, "hard.srt")],
            ["file", wav, "--srt", "--output-dir", os.path.join(d, "subs")],
        ]
        for args in cases:
            r = _run(args + ["--endpoint", emu.url()])
            check(r.rc == 2, f"{args}: exit {r.rc}, expected 2", r)
            check(len(_error_lines(r)) == 1 and "is the input" in r.err, f"{args}: the error", r)
        # Standard output appended to the input itself.
        with open(wav, "ab") as out:
            r = _run(["file", wav, "--endpoint", emu.url()], stdout=out)
        check(r.rc == 2 and "standard output is the input" in r.err, "stdout is the input", r)
        # stdin and stdout the same file.
        with open(wav, "r+b") as both:
            r = _run(["file", "-", "--endpoint", emu.url()], stdout=both, stdin=both)
        check(r.rc == 2 and "standard output is the input standard input" in r.err,
              "stdin and stdout the same file", r)
        check(hashlib.sha256(open(wav, "rb").read()).hexdigest() == digest,
              "the recording changed")
        check(not os.path.exists(os.path.join(d, "out.txt")), "nothing was opened for writing")


def test_four_formats_from_one_run_are_each_valid():
    import srt
    with tempfile.TemporaryDirectory() as d, Emulator(script="en.txt") as emu:
        outs = {fmt: os.path.join(d, f"talk.{ext}") for fmt, ext in FORMATS.items()}
        args = []
        for path in outs.values():
            args += ["-o", path]
        r = transcribe(emu, data("en.wav"), "--speed", "max", "--jsonl", "-o", "-", *args)
        check(r.rc == 0 and r.err == "", "one run, five outputs", r)
        expected = script_lines("en.txt")
        # stdout in -f's format
        check([x["text"] for x in finals(r.out)] == expected, "stdout is jsonl", r)
        with open(outs["text"], encoding="utf-8") as f:
            check(f.read().splitlines() == expected, "the text file")
        jq = subprocess.run([tool("jq"), "-r", "select(.type == \"final\") | .text",
                             outs["jsonl"]], capture_output=True, text=True)
        check(jq.returncode == 0 and jq.stdout.splitlines() == expected, f"jq: {jq!r}")
        with open(outs["srt"], encoding="utf-8") as f:
            cues = list(srt.parse(f.read()))
        check(" ".join(c.content.replace("\n", " ") for c in cues) == " ".join(expected),
              "the SRT file's cues")
        probe = subprocess.run([tool("ffmpeg"), "-loglevel", "error", "-i", outs["vtt"], "-f",
                                "srt", "-"], capture_output=True, text=True)
        check(probe.returncode == 0 and probe.stdout.count(" --> ") == len(cues),
              f"ffmpeg reads the WebVTT file: {probe!r}")

        # --output-dir with a list of formats: one file per format per input.
        outdir = os.path.join(d, "subs")
        r = transcribe(emu, data("en.wav"), data("zh.wav"), "--speed", "max", "-f",
                       "srt,vtt,jsonl", "--output-dir", outdir)
        check(r.rc == 0, "--output-dir -f srt,vtt,jsonl", r)
        check(sorted(os.listdir(outdir)) == ["en.jsonl", "en.srt", "en.vtt", "zh.jsonl",
                                             "zh.srt", "zh.vtt"], f"{os.listdir(outdir)}")


def test_timestamps_on_text_lines_match_the_jsonl_times():
    with Emulator(script="en.txt") as emu:
        r = transcribe(emu, data("en.wav"), "--speed", "max", "--timestamps")
        j = transcribe(emu, data("en.wav"), "--speed", "max", "--jsonl")
    check(r.rc == 0, "--timestamps", r)
    lines = r.out.splitlines()
    recs = finals(j.out)
    check(len(lines) == len(recs), "one line per final sentence", r)

    def stamp(ms):
        return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"

    for line, rec in zip(lines, recs):
        want = f"[{stamp(rec['begin_ms'])} --> {stamp(rec['end_ms'])}] {rec['text']}"
        check(line == want, f"{line!r} != {want!r}", r)


def test_interrupt_while_stdin_has_not_started_ends_at_once():
    with Emulator(script="en.txt") as emu:
        for sig in (signal.SIGINT, signal.SIGTERM):
            env = {k: v for k, v in os.environ.items() if not k.startswith("DASHSCOPE_")}
            env["DASHSCOPE_API_KEY"] = "test-key"
            read_end, write_end = os.pipe()  # stays open and silent: no first byte, no end
            p = subprocess.Popen([harness.PATHS["dsasr"], "file", "-", "--endpoint", emu.url()],
                                 stdin=read_end, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 env=env)
            os.close(read_end)
            time.sleep(0.5)
            check(p.poll() is None, "dsasr waits for standard input")
            p.send_signal(sig)
            try:
                out, err = p.communicate(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.communicate()
                raise AssertionError(f"one {sig.name} did not end dsasr within 5 s")
            finally:
                os.close(write_end)
            check(p.returncode == 130, f"{sig.name}: exit {p.returncode}, expected 130: {err!r}")
            check(out == b"", f"{sig.name}: stdout {out!r}")


def test_progress_on_a_terminal_and_not_on_a_pipe():
    with tempfile.TemporaryDirectory() as d, Emulator(script="en.txt") as emu:
        out = os.path.join(d, "talk.srt")
        rc, screen = run_in_pty(["file", data("en.wav"), "--endpoint", emu.url(), "--speed", "4",
                               "-o", out])
        check(rc == 0, f"exit {rc}: {screen!r}")
        drawn = re.findall(r"\r([^\r\n]*?)\x1b\[K", screen)
        shown = [l for l in drawn if l]
        check(len(shown) >= 5, f"the progress line was not redrawn: {screen!r}")
        check(all(re.search(r"en\.wav  \d\d:\d\d / 00:19  \d+%", l) for l in shown),
              f"position / duration / percent: {shown!r}")
        check(any(re.search(r"\d+(\.\d)?x  ETA \d\d:\d\d", l) for l in shown),
              f"speed and ETA: {shown!r}")
        check(screen.endswith("\r\x1b[K") or "\r\x1b[K" in screen[-20:],
              f"the line is cleared at the end: {screen[-80:]!r}")
        # A pipe: nothing but what the run has to say. (At 8x a run lasts over 2 s: a progress
        # line is first drawn after 250 ms, then every 250 ms on a terminal, 2 s on a pipe.)
        r = transcribe(emu, data("en.wav"), "--speed", "8", "-o", out)
        check(r.rc == 0 and r.err == "", "no progress on a pipe", r)
        # --progress forces plain lines; -q removes everything.
        r = transcribe(emu, data("en.wav"), "--speed", "8", "-o", out, "--progress")
        check(r.rc == 0 and len(r.err.splitlines()) >= 1 and "\r" not in r.err
              and all("en.wav" in l for l in r.err.splitlines()), "--progress on a pipe", r)
        rc, screen = run_in_pty(["file", data("en.wav"), "--endpoint", emu.url(), "--speed", "max",
                               "-o", out, "-q"])
        check(rc == 0 and screen == "", f"-q on a terminal: {screen!r}")


if __name__ == "__main__":
    run_case(globals())
