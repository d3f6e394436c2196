"""Hostile input files (design.md section 3: bad input gives a one-line error and the documented
exit status; in a batch the other inputs go on). For each: alone, exit 3 with exactly one error
line naming it; in a batch with a good file, exit 7 and the good file transcribed; with
--output-dir, nothing at all written for it (complete or absent: no file under its final name,
no temporary file left behind).

A file whose header promises more audio than it holds (cut in the middle of the data, or a data
chunk size larger than the file) is treated as a demanding user would want it: the audio that is
there may be transcribed, but the run must not pass for a success: exit 3, one error line saying
what is wrong with the file, and no output file that could pass for a complete transcript.

A RIFF size smaller than the file is different: every sample is still there (the data chunk is
whole), readers ignore that field, and refusing the file would throw away a good recording. It is
transcribed completely and the run succeeds."""

import json
import os
import shutil
import subprocess
import tempfile

from common import *  # noqa: F401,F403

NOBODY = 65534


def _en_wav():
    with open(data("en.wav"), "rb") as f:
        wav = f.read()
    check(wav[:4] == b"RIFF" and wav[36:40] == b"data", "en.wav has a 44-byte header")
    return wav


def _make(tmp, kind):
    """Creates the hostile input `kind` in `tmp`; returns (path, readable audio in ms or None
    when nothing in it is audio)."""
    wav = _en_wav()
    data_bytes = len(wav) - 44
    path = os.path.join(tmp, f"{kind}.wav")
    if kind == "zero_bytes":
        content = b""
    elif kind == "cut_mid_data":
        content = wav[:44 + 10000 * BYTES_PER_MS + 1]  # 10 s and half a sample
    elif kind == "cut_in_header":
        content = wav[:30]
    elif kind == "not_audio":
        content = b"Minutes of the meeting, not a recording of it.\n" * 40
    elif kind == "data_size_beyond_file":
        b = bytearray(wav)
        b[40:44] = (data_bytes + 100000).to_bytes(4, "little")
        b[4:8] = (len(wav) - 8 + 100000).to_bytes(4, "little")
        content = bytes(b)
    elif kind == "riff_size_below_file":
        b = bytearray(wav)
        b[4:8] = (len(wav) - 8 - 100000).to_bytes(4, "little")
        content = bytes(b)
    elif kind == "directory":
        os.mkdir(path)
        return path, None
    elif kind == "no_permission":
        content = wav
    else:
        raise AssertionError(kind)
    with open(path, "wb") as f:
        f.write(content)
    if kind == "no_permission":
        os.chmod(path, 0)
    readable = {"cut_mid_data": 10000, "data_size_beyond_file": data_bytes // BYTES_PER_MS,
                "riff_size_below_file": data_bytes // BYTES_PER_MS}
    return path, readable.get(kind)


def _nobody_prefix(tmp):
    """Runs dsasr as nobody when this runs as root (root ignores file permissions); None (and
    the reason) when that is impossible here."""
    if os.geteuid() != 0:
        return [], None
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None, "running as root and setpriv is not installed"
    prefix = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    probe = subprocess.run(prefix + [PATHS_dsasr(), "--version"], capture_output=True,
                           timeout=RUN_LIMIT_S)
    if probe.returncode != 0:
        return None, (f"running as root, and nobody cannot run {PATHS_dsasr()}: "
                      f"{probe.stderr.decode(errors='replace').strip()}")
    os.chmod(tmp, 0o755)
    return prefix, None


def PATHS_dsasr():
    import harness
    return harness.PATHS["dsasr"]


def _run(prefix, *args):
    if not prefix:
        return run(*args)
    import harness
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHSCOPE_")}
    env.update(HOME=tempfile.gettempdir() + "/dsasr-e2e-nohome", DASHSCOPE_API_KEY="test-key")
    try:
        p = subprocess.run(prefix + [PATHS_dsasr(), *args], env=env, capture_output=True,
                           stdin=subprocess.DEVNULL, timeout=RUN_LIMIT_S)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"dsasr {' '.join(args)} did not end within {RUN_LIMIT_S} s")
    return harness.Result(p.returncode, p.stdout.decode("utf-8", "replace"),
                          p.stderr.decode("utf-8", "replace"))


class _Findings:
    """Collects every deviation of one case, so that a failure reports all of them at once."""

    def __init__(self, kind):
        self.kind = kind
        self.problems = []
        self.runs = []

    def expect(self, cond, msg):
        if not cond:
            self.problems.append(msg)
        return cond

    def raise_if_any(self):
        if self.problems:
            runs = "\n".join(f"{what}: {r!r}" for what, r in self.runs)
            raise AssertionError(f"{self.kind}:\n  - " + "\n  - ".join(self.problems) +
                                 f"\n{runs}")


def _error_lines(f, r, path, what):
    lines = error_lines(r)
    if f.expect(len(lines) == 1, f"{what}: {len(lines)} error lines, expected one"):
        f.expect(path in lines[0], f"{what}: the error line does not name the input")
    others = [l for l in r.err.splitlines() if not l.startswith(("dsasr: error: ",
                                                                   "dsasr: hint: "))
              and not is_batch_summary(l)]
    f.expect(not others, f"{what}: stderr holds more than the error line and hints: {others}")


def _srt_cues(f, path):
    import srt
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    try:
        return text, list(srt.parse(text))
    except srt.SRTParseError as e:
        f.expect(False, f"{path} is not valid SRT ({e}): {text!r}")
        return text, []


def _vtt_cue_ends_ms(text):
    ends = []
    for line in text.splitlines():
        if "-->" in line:
            end = line.split("-->")[1].split()[0]
            h, m, s = end.split(":")
            ends.append(round((int(h) * 3600 + int(m) * 60 + float(s)) * 1000))
    return ends


def _hostile(kind):
    f = _Findings(kind)
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        prefix = []
        if kind == "no_permission":
            prefix, why = _nobody_prefix(tmp)
            if prefix is None:
                print(f"SKIP: {why}")
                return
        path, readable_ms = _make(tmp, kind)
        stem = os.path.splitext(os.path.basename(path))[0]
        url = emu.url()

        # Alone, with captions into --output-dir.
        alone = os.path.join(tmp, "alone")
        os.mkdir(alone)
        os.chmod(alone, 0o777)
        r = _run(prefix, "file", path, "--endpoint", url, "--srt", "--output-dir", alone)
        f.runs.append(("alone, --srt --output-dir", r))
        f.expect(r.rc == 3, f"alone: exit {r.rc}, expected 3")
        _error_lines(f, r, path, "alone")
        f.expect(r.out == "", "alone: something on stdout")
        f.expect(os.listdir(alone) == [], f"alone: --output-dir holds {os.listdir(alone)}, "
                 "expected nothing for an input that failed")

        # In a batch with a good input, as WebVTT.
        batch = os.path.join(tmp, "batch")
        os.mkdir(batch)
        os.chmod(batch, 0o777)
        r = _run(prefix, "file", path, data("zh.wav"), "--endpoint", url, "--vtt",
                 "--output-dir", batch)
        f.runs.append(("in a batch, --vtt --output-dir", r))
        f.expect(r.rc == 7, f"in a batch: exit {r.rc}, expected 7")
        _error_lines(f, r, path, "in a batch")
        listing = sorted(os.listdir(batch))
        f.expect(listing == ["zh.vtt"],
                 f"in a batch: --output-dir holds {listing}, expected only zh.vtt")
        good_path = os.path.join(batch, "zh.vtt")
        if f.expect(os.path.isfile(good_path), "in a batch: the good input has no captions"):
            with open(good_path, encoding="utf-8") as fh:
                good = fh.read()
            f.expect(good.startswith("WEBVTT") and len(_vtt_cue_ends_ms(good)) >= 3,
                     f"in a batch: the good input was not transcribed: {good!r}")
    f.raise_if_any()


def test_zero_bytes():
    _hostile("zero_bytes")


def test_wav_cut_mid_data():
    _hostile("cut_mid_data")


def test_wav_cut_inside_header():
    _hostile("cut_in_header")


def test_not_audio():
    _hostile("not_audio")


def test_directory():
    _hostile("directory")


def test_no_permission():
    _hostile("no_permission")


def test_data_chunk_size_beyond_the_file():
    _hostile("data_size_beyond_file")


def test_riff_size_below_the_file_is_transcribed_completely():
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        path, _ = _make(tmp, "riff_size_below_file")
        r = dsasr("file", path, "--jsonl", "--speed", "max", "--endpoint", emu.url())
        good = dsasr("file", data("en.wav"), "--jsonl", "--speed", "max", "--endpoint", emu.url())
    check(r.rc == 0 and r.err == "", "a harmless RIFF size is no error", r)
    got = [(x["begin_ms"], x["end_ms"], x["text"]) for x in map(json.loads, r.out.splitlines())]
    want = [(x["begin_ms"], x["end_ms"], x["text"]) for x in map(json.loads, good.out.splitlines())]
    check(got == want, f"the transcript differs from the intact file's: {got}", r)


if __name__ == "__main__":
    run_case(globals())
