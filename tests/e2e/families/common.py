"""Helpers of the model-family suite: run dsasr against the emulator for one model family, from a
file or from the fake ALSA microphone, in one output format, and check the result with parsers
that are not dsasr's (python3-srt for SRT, ffmpeg turning WebVTT into SRT)."""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import *  # noqa: E402,F401,F403
import harness  # noqa: E402

ALSA_CONF = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                         "alsa", "fakemic.conf"))

# The sentences of en.wav and a Chinese translation of each: the emulator sends a script line's
# TAB part as the translation, and CJK text tells translation lines from original lines apart.
TRANSLATIONS = ["敏捷的棕色狐狸跳过了那条懒狗。", "语音识别把音频一个词一个词地变成文字。",
                "每句话一结束，字幕就出现。", "感谢收听。"]

# Seconds of microphone audio per run: the fake device delivers at once, so a run is bounded
# by --duration; 4.9 s of en.wav hold its first sentence and the silence after it.
MIC_SECONDS = "4.9"

FORMATS = ("text", "jsonl", "srt", "vtt")

# model: name; rate: the model's sample rate (the fake microphone must deliver exactly that);
# translate: --translate-to zh; realtime: the Qwen family; manual: --manual-commit;
# one_sentence: gummy-chat-v1; whole_input_item: Manual mode commits the whole (short) input
# once, which the emulator recognises as one item holding every sentence.
FAMILIES = {
    "fun_asr": dict(model="fun-asr-realtime"),
    "paraformer_v2": dict(model="paraformer-realtime-v2"),
    "paraformer_8k_v2": dict(model="paraformer-realtime-8k-v2", rate=8000, emotion="neutral"),
    "gummy_realtime": dict(model="gummy-realtime-v1", translate=True),
    "gummy_chat": dict(model="gummy-chat-v1", translate=True, one_sentence=True),
    "qwen_vad": dict(model="qwen3-asr-flash-realtime", realtime=True, language="en"),
    "qwen_manual": dict(model="qwen3-asr-flash-realtime", realtime=True, manual=True,
                        language="en", whole_input_item=True),
    "qwen_omni": dict(model="qwen3-omni-flash-realtime", realtime=True),
}


class Family:
    def __init__(self, name):
        self.name = name
        f = FAMILIES[name]
        self.model = f["model"]
        self.rate = f.get("rate", 16000)
        self.translate = f.get("translate", False)
        self.realtime = f.get("realtime", False)
        self.manual = f.get("manual", False)
        self.one_sentence = f.get("one_sentence", False)
        self.whole_input_item = f.get("whole_input_item", False)
        self.emotion = f.get("emotion")
        self.language = f.get("language")

    def url(self, emu):
        if self.realtime:
            return emu.url(f"model={self.model}", path="/api-ws/v1/realtime")
        return emu.url()

    def args(self, emu):
        out = ["-m", self.model, "--endpoint", self.url(emu)]
        if self.translate:
            out += ["--translate-to", "zh"]
        if self.manual:
            out += ["--manual-commit"]
        return out

    def expected(self, kind):
        """(originals, translations) dsasr should print for this input kind."""
        lines = script_lines("en.txt")
        n = len(lines)
        if kind == "file" and self.whole_input_item:
            # The service transcribes a commit as one item: every sentence of the audio.
            return [" ".join(lines)], []
        if kind == "mic" or self.one_sentence:
            n = 1
        return lines[:n], (TRANSLATIONS[:n] if self.translate else [])


def translated_script(tmp):
    """A script file whose lines carry the Chinese translations after a TAB."""
    path = os.path.join(tmp, "en-zh.txt")
    with open(path, "w", encoding="utf-8") as f:
        for line, tr in zip(script_lines("en.txt"), TRANSLATIONS):
            f.write(f"{line}\t{tr}\n")
    return path


def fake_mic_env(tmp, rate, source=None, seconds=None):
    """The ALSA fake microphone reading `source` (default en.wav) as raw s16le at `rate`."""
    raw = os.path.join(tmp, f"mic{rate}.s16le")
    cmd = [tool("sox"), source or data("en.wav"), "-t", "raw", "-r", str(rate), "-c", "1",
           "-b", "16", "-e", "signed-integer", raw]
    if seconds:
        cmd += ["trim", "0", str(seconds)]
    subprocess.run(cmd, check=True)
    return {"ALSA_CONFIG_PATH": ALSA_CONF, "FAKEMIC_FILE": raw, "JACK_NO_START_SERVER": "1"}


def format_args(fmt):
    return ["--format", fmt]


def run(emu, fam, kind, fmt, tmp, extra=(), mic_env=None):
    """dsasr file (en.wav at max speed) or dsasr mic (MIC_SECONDS of the fake microphone)."""
    args = fam.args(emu) + format_args(fmt) + list(extra)
    if kind == "file":
        return dsasr("file", *args, "--speed", "max", data("en.wav"))
    env = mic_env or fake_mic_env(tmp, fam.rate)
    return dsasr("mic", *args, "--duration", MIC_SECONDS, env=env)



def has_cjk(s):
    return any(0x3000 <= ord(c) <= 0x9FFF or 0xFF00 <= ord(c) <= 0xFFEF for c in s)


def parse_srt(text):
    import srt
    return list(srt.parse(text))


def parse_vtt(text, tmp):
    """WebVTT through ffmpeg's own WebVTT reader, into SRT, then python3-srt."""
    check(text.startswith("WEBVTT\n"), f"no WEBVTT header: {text[:40]!r}")
    vtt = os.path.join(tmp, "captions.vtt")
    out = os.path.join(tmp, "captions.srt")
    with open(vtt, "w", encoding="utf-8") as f:
        f.write(text)
    subprocess.run([tool("ffmpeg"), "-loglevel", "error", "-y", "-i", vtt, "-f", "srt", out],
                   check=True, stdin=subprocess.DEVNULL)
    with open(out, encoding="utf-8") as f:
        return parse_srt(f.read())


def check_cues(cues, originals, translations, which="both", result=None):
    """Every cue holds original lines (no CJK) and then translation lines (CJK); read in order
    they give back the sentences. `which` is the --caption-lang shown."""
    check(len(cues) >= 1, "no cues", result)
    shown_orig, shown_tr = [], []
    last_end = None
    for cue in cues:
        check(cue.start < cue.end, f"cue {cue.index} is empty or backwards", result)
        if last_end is not None:
            check(cue.start >= last_end, f"cue {cue.index} overlaps the one before", result)
        last_end = cue.end
        lines = [l for l in cue.content.split("\n") if l.strip()]
        check(lines, f"cue {cue.index} has no text", result)
        kinds = [has_cjk(l) for l in lines]
        check(kinds == sorted(kinds), f"cue {cue.index}: translation before original {lines}",
              result)
        shown_orig += [l for l, k in zip(lines, kinds) if not k]
        shown_tr += [l for l, k in zip(lines, kinds) if k]
    want_orig = originals if which in ("both", "source") else []
    want_tr = translations if which in ("both", "target") else []
    check(" ".join(shown_orig) == " ".join(want_orig),
          f"original lines {shown_orig} != {want_orig}", result)
    check("".join(shown_tr) == "".join(want_tr), f"translation lines {shown_tr} != {want_tr}",
          result)


def check_output(fam, kind, fmt, r, tmp, which="both", originals=None, translations=None):
    exp_orig, exp_tr = fam.expected(kind)
    originals = exp_orig if originals is None else originals
    translations = exp_tr if translations is None else translations
    check(r.rc == 0, f"{fam.name} {kind} {fmt}: exit status", r)
    if fmt == "text":
        want = []
        for i, o in enumerate(originals):
            if which in ("both", "source"):
                want.append(o)
            if translations and which in ("both", "target"):
                want.append(translations[i])
        check(r.out.splitlines() == want, f"text lines, expected {want}", r)
    elif fmt == "jsonl":
        recs = finals(r.out)
        check([x["text"] for x in recs] == originals, f"jsonl texts, expected {originals}", r)
        check([x["sentence_id"] for x in recs] == list(range(1, len(recs) + 1)), "ids", r)
        for x in recs:
            check(x["input"] == ("mic" if kind == "mic" else data("en.wav")), "input", r)
            check(0 <= x["begin_ms"] <= x["end_ms"], f"times {x}", r)
            if translations:
                check(x.get("translations") == {"zh": translations[recs.index(x)]},
                      f"translations {x}", r)
            else:
                check("translations" not in x, f"no translations expected {x}", r)
            if fam.emotion:
                check(x.get("emotion") == fam.emotion, f"emotion {x}", r)
            if fam.language:
                check(x.get("language") == fam.language, f"language {x}", r)
        check(all(a["end_ms"] <= b["begin_ms"] for a, b in zip(recs, recs[1:])), "in order", r)
    elif fmt == "srt":
        check_cues(parse_srt(r.out), originals, translations, which, r)
    else:
        check_cues(parse_vtt(r.out, tmp), originals, translations, which, r)


def family_in_every_format(name, kind):
    """The whole matrix row: one family, one input kind, every output format."""
    fam = Family(name)
    with tempfile.TemporaryDirectory() as tmp:
        script = translated_script(tmp)
        mic_env = fake_mic_env(tmp, fam.rate) if kind == "mic" else None
        with Emulator(script=script) as emu:
            for fmt in FORMATS:
                r = run(emu, fam, kind, fmt, tmp, mic_env=mic_env)
                check_output(fam, kind, fmt, r, tmp)
            first = (emu.received("session.update") if fam.realtime else
                     emu.received("run-task"))[0]
    return fam, first
