"""Every output format of `dsasr file` against the emulator, for the committed English and
Mandarin samples: goldens, independent parsers, monotonic cues."""

import os
import subprocess
import tempfile

from common import *  # noqa: F401,F403


def _golden_run(sample, fmt, extra=()):
    with Emulator(script=f"{sample}.txt") as emu:
        r = transcribe(emu, data(f"{sample}.wav"), "--format", fmt, "--speed", "max", *extra)
    check(r.rc == 0, f"dsasr failed for {sample} {fmt}", r)
    return r


def test_text_en():
    r = _golden_run("en", "text")
    check(r.out.splitlines() == script_lines("en.txt"), "text lines are not the script", r)
    compare_golden("en.txt", r.out)


def test_text_zh():
    r = _golden_run("zh", "text")
    check(r.out.splitlines() == script_lines("zh.txt"), "text lines are not the script", r)
    compare_golden("zh.txt", r.out)


def test_jsonl_en_words():
    r = _golden_run("en", "jsonl", ["--words"])
    recs = finals(r.out)
    check([x["text"] for x in recs] == script_lines("en.txt"), "finals are not the script", r)
    check([x["sentence_id"] for x in recs] == [1, 2, 3, 4], "sentence ids", r)
    for x in recs:
        check(x["input"] == data("en.wav"), "input field", r)
        check(len(x["task_id"]) == 32, "task id", r)
        check(x["begin_ms"] < x["end_ms"], "begin < end", r)
        check(x["words"] and x["words"][0]["begin_ms"] >= x["begin_ms"], "words", r)
        check(all(set(w) == {"begin_ms", "end_ms", "text", "punct"} for w in x["words"]),
              "word members", r)
    compare_golden("en.jsonl", without_task_ids(r.out))


def test_jsonl_zh_lines_parse_with_jq():
    r = _golden_run("zh", "jsonl")
    compare_golden("zh.jsonl", without_task_ids(r.out))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        f.write(r.out)
    try:
        texts = subprocess.run([tool("jq"), "-r", ".text", f.name], capture_output=True,
                               text=True, check=True).stdout.splitlines()
    finally:
        os.unlink(f.name)
    check(texts == script_lines("zh.txt"), f"jq read {texts}", r)


def _check_srt(text, expect_cues):
    import srt  # python3-srt, an independent parser
    cues = list(srt.parse(text, ignore_errors=False))
    check(len(cues) >= expect_cues, f"{len(cues)} cues < {expect_cues}\n{text}")
    check([c.index for c in cues] == list(range(1, len(cues) + 1)), "cue numbering")
    for a, b in zip(cues, cues[1:]):
        check(a.start < a.end <= b.start, f"cues overlap or go backwards: {a} {b}")
    return cues


def test_srt_en():
    r = _golden_run("en", "srt")
    cues = _check_srt(r.out, 4)
    joined = " ".join(c.content.replace("\n", " ") for c in cues)
    check(joined == " ".join(script_lines("en.txt")), f"cue text {joined!r}", r)
    compare_golden("en.srt", r.out)


def test_srt_zh_cjk_width():
    r = _golden_run("zh", "srt", ["--max-line-width", "16"])
    cues = _check_srt(r.out, 3)
    for c in cues:
        for line in c.content.splitlines():
            check(len(line) <= 8, f"CJK line wider than 16 columns: {line!r}", r)
    compare_golden("zh.srt", r.out)


def _vtt_to_srt_with_ffmpeg(vtt_text):
    with tempfile.TemporaryDirectory() as d:
        vtt = os.path.join(d, "in.vtt")
        out = os.path.join(d, "out.srt")
        with open(vtt, "w", encoding="utf-8") as f:
            f.write(vtt_text)
        p = subprocess.run([tool("ffmpeg"), "-loglevel", "error", "-y", "-i", vtt, out],
                           capture_output=True, text=True)
        check(p.returncode == 0, f"ffmpeg rejected the VTT: {p.stderr}\n{vtt_text}")
        with open(out, encoding="utf-8") as f:
            return f.read()


def test_vtt_en_parses_with_ffmpeg():
    r = _golden_run("en", "vtt")
    check(r.out.startswith("WEBVTT\n\n"), "VTT header", r)
    _check_srt(_vtt_to_srt_with_ffmpeg(r.out), 4)
    compare_golden("en.vtt", r.out)


def test_vtt_zh_parses_with_ffmpeg():
    r = _golden_run("zh", "vtt")
    _check_srt(_vtt_to_srt_with_ffmpeg(r.out), 3)
    compare_golden("zh.vtt", r.out)


def test_partials_in_jsonl():
    r = _golden_run("en", "jsonl", ["--partials"])
    recs = jsonl_records(r.out)
    partials = [x for x in recs if x["type"] == "partial"]
    check(len(partials) >= 8, f"only {len(partials)} partial records", r)
    check(all("end_ms" not in x for x in partials), "partials carry no end_ms", r)
    check([x["text"] for x in recs if x["type"] == "final"] == script_lines("en.txt"),
          "finals", r)


def test_text_to_a_pipe_has_no_escape_sequences():
    r = _golden_run("en", "text", ["--partials"])
    check("\x1b" not in r.out and "\r" not in r.out, "escape sequence in piped text", r)


def test_output_file_and_cue_limits():
    with tempfile.TemporaryDirectory() as d, Emulator(script="en.txt") as emu:
        out = os.path.join(d, "en.srt")
        r = transcribe(emu, data("en.wav"), "--srt", "-o", out, "--speed", "max",
                       "--max-line-width", "20", "--max-lines", "1", "--max-cue-duration", "2")
        check(r.rc == 0 and r.out == "", "nothing on stdout with -o", r)
        with open(out, encoding="utf-8") as f:
            cues = _check_srt(f.read(), 5)
        for c in cues:
            check(len(c.content.splitlines()) == 1, f"more than one line: {c.content!r}")
            check(len(c.content) <= 20 or " " not in c.content, f"too wide: {c.content!r}")
            check((c.end - c.start).total_seconds() <= 2.0, f"cue longer than 2 s: {c}")


if __name__ == "__main__":
    run_case(globals())
