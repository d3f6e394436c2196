"""Gummy (gummy-realtime-v1 with translation, gummy-chat-v1) from a file and from the fake
microphone in every format, bilingual captions checked by independent parsers; --caption-lang,
--no-transcription, and gummy-chat ending after its one sentence."""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *  # noqa: E402,F401,F403


def test_gummy_realtime_file():
    fam, run_task = family_in_every_format("gummy_realtime", "file")
    params = run_task["payload"]["parameters"]
    check(params["translation_enabled"] is True and params["translation_target_languages"] == ["zh"],
          f"{params}")
    check("transcription_enabled" not in params, f"{params}")


def test_gummy_realtime_mic():
    family_in_every_format("gummy_realtime", "mic")


def test_gummy_chat_file():
    family_in_every_format("gummy_chat", "file")


def test_gummy_chat_mic():
    family_in_every_format("gummy_chat", "mic")


def test_gummy_source_language():
    with Emulator(script="en.txt") as emu:
        r = dsasr("file", "--endpoint", emu.url(), "-m", "gummy-chat-v1", "-l", "en", "--speed",
                  "max", data("en.wav"))
        check(r.rc == 0, "run", r)
        params = emu.received("run-task")[0]["payload"]["parameters"]
    check(params.get("source_language") == "en", f"{params}")


def test_caption_lang_file():
    fam = Family("gummy_realtime")
    originals, translations = fam.expected("file")
    with tempfile.TemporaryDirectory() as tmp, Emulator(script=translated_script(tmp)) as emu:
        for which in ("source", "target", "both"):
            for fmt in ("text", "srt", "vtt"):
                r = run(emu, fam, "file", fmt, tmp, extra=["--caption-lang", which])
                check_output(fam, "file", fmt, r, tmp, which=which)
        # jsonl always has both; --caption-lang there is a usage error, as without a translation.
        r = run(emu, fam, "file", "jsonl", tmp, extra=["--caption-lang", "target"])
        check(r.rc == 2 and "--caption-lang" in r.err, "jsonl refuses it", r)
        r = dsasr("file", "--endpoint", emu.url(), "--caption-lang", "target", data("en.wav"))
        check(r.rc == 2 and "--translate-to" in r.err, "needs a translation", r)


def test_caption_lang_mic():
    fam = Family("gummy_realtime")
    with tempfile.TemporaryDirectory() as tmp, Emulator(script=translated_script(tmp)) as emu:
        env = fake_mic_env(tmp, fam.rate)
        for which, fmt in (("target", "srt"), ("source", "vtt"), ("target", "text")):
            r = run(emu, fam, "mic", fmt, tmp, extra=["--caption-lang", which], mic_env=env)
            check_output(fam, "mic", fmt, r, tmp, which=which)


def _no_transcription(kind):
    fam = Family("gummy_realtime")
    _, translations = fam.expected(kind)
    with tempfile.TemporaryDirectory() as tmp, Emulator(script=translated_script(tmp)) as emu:
        env = fake_mic_env(tmp, fam.rate) if kind == "mic" else None
        for fmt in FORMATS:
            r = run(emu, fam, kind, fmt, tmp, extra=["--no-transcription"], mic_env=env)
            check(r.rc == 0, f"{fmt}: exit status", r)
            if fmt == "text":
                check(r.out.splitlines() == translations, "text shows the translations", r)
            elif fmt == "jsonl":
                recs = finals(r.out)
                check([x["text"] for x in recs] == translations, "jsonl text", r)
                check([x["translations"] for x in recs] == [{"zh": t} for t in translations],
                      "jsonl translations", r)
                check(all(x["begin_ms"] < x["end_ms"] for x in recs), "timed", r)
            else:
                cues = parse_srt(r.out) if fmt == "srt" else parse_vtt(r.out, tmp)
                check_cues(cues, [], translations, "target", r)
        params = [x["payload"]["parameters"] for x in emu.received("run-task")]
    check(all(p.get("transcription_enabled") is False for p in params), f"{params}")
    # Without --translate-to there would be nothing to show.
    r = dsasr("file", "-m", "gummy-realtime-v1", "--no-transcription", data("en.wav"))
    check(r.rc == 2 and "--translate-to" in r.err, "needs --translate-to", r)


def test_no_transcription_file():
    _no_transcription("file")


def test_no_transcription_mic():
    _no_transcription("mic")


def test_gummy_chat_mic_stops_after_one_sentence():
    # Two sentences within the captured seconds: the first, 0.8 s of silence (more than
    # gummy-chat's 700 ms end of sentence), then the start of the second.
    with tempfile.TemporaryDirectory() as tmp, Emulator(script=translated_script(tmp)) as emu:
        first = os.path.join(tmp, "first.wav")
        second = os.path.join(tmp, "second.wav")
        subprocess.run([tool("sox"), data("en.wav"), first, "trim", "0", "4.3"], check=True)
        subprocess.run([tool("sox"), data("en.wav"), second, "trim", "5.4"], check=True)
        both = os.path.join(tmp, "both.wav")
        subprocess.run([tool("sox"), first, second, both], check=True)
        env = fake_mic_env(tmp, 16000, source=both)
        r = dsasr("mic", "--endpoint", emu.url(), "-m", "gummy-chat-v1", "--duration", "5",
                  "--jsonl", env=env)
        check(r.rc == 0, "gummy-chat ends the run with success", r)
        check("error" not in r.err, "no error", r)
        recs = finals(r.out)
        check([x["text"] for x in recs] == script_lines("en.txt")[:1], "one sentence", r)
        check(len(emu.received("finish-task")) == 1, "finish-task sent")
        log = emu.log_when(lambda log: any(x["event"] == "close" for x in log))
        closes = [x for x in log if x["event"] == "close"]
        check(closes and closes[-1]["code"] == 1000, f"closed normally: {closes}")


if __name__ == "__main__":
    run_case(globals())
