"""Every input format libsndfile decodes, stdin, and headerless PCM give the same text."""

import os
import subprocess
import tempfile

from common import *  # noqa: F401,F403


def _make(tmp, name, cmd):
    out = os.path.join(tmp, name)
    subprocess.run([c.replace("OUT", out).replace("IN", data("en.wav")) for c in cmd],
                   check=True, capture_output=True)
    return out


SOX = ["sox", "IN"]
FORMATS = {
    "s16_44k_stereo.wav": SOX + ["-r", "44100", "-c", "2", "-b", "16", "OUT"],
    "s24_48k.wav": SOX + ["-r", "48000", "-b", "24", "OUT"],
    "f32_48k.wav": SOX + ["-r", "48000", "-b", "32", "-e", "floating-point", "OUT"],
    "extensible_3ch.wav": ["ffmpeg", "-loglevel", "error", "-y", "-i", "IN", "-af",
                           "pan=3c|c0=c0|c1=c0|c2=c0", "OUT"],
    "aiff.aiff": SOX + ["-r", "22050", "OUT"],
    "flac.flac": SOX + ["-r", "44100", "-c", "2", "OUT"],
    "vorbis.ogg": SOX + ["-r", "44100", "-c", "2", "OUT"],
    "opus.opus": ["ffmpeg", "-loglevel", "error", "-y", "-i", "IN", "-ar", "48000", "-c:a",
                  "libopus", "-b:a", "48k", "OUT"],
    "mp3.mp3": ["ffmpeg", "-loglevel", "error", "-y", "-i", "IN", "-ar", "44100", "-ac", "2",
                "-codec:a", "libmp3lame", "-b:a", "128k", "OUT"],
}


def _texts(emu, *args, **kw):
    r = transcribe(emu, *args, "--jsonl", "--speed", "max", **kw)
    check(r.rc == 0, "dsasr failed", r)
    return [x["text"] for x in finals(r.out)], r


def test_every_format_gives_the_same_text():
    expected = script_lines("en.txt")
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        for name, cmd in FORMATS.items():
            path = _make(tmp, name, cmd)
            texts, r = _texts(emu, path)
            check(texts == expected, f"{name}: {texts}", r)


def test_mulaw_8k_gives_the_text_and_a_telephone_hint():
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        path = _make(tmp, "mulaw.wav", SOX + ["-r", "8000", "-e", "u-law", "OUT"])
        texts, r = _texts(emu, path)
        check(texts == script_lines("en.txt"), f"{texts}", r)
        check("8000 Hz telephone audio" in r.err and "8k" in r.err, "no 8 kHz hint", r)
        texts, r = _texts(emu, path, "--model", "paraformer-realtime-8k-v2")
        check("telephone" not in r.err, "hint with an 8k model", r)
        run_task = emu.received("run-task")[-1]
        check(run_task["payload"]["parameters"]["sample_rate"] == 8000, "8 kHz run-task", r)


def _pipe(path, *args):
    with Emulator(script="en.txt") as emu:
        cat = subprocess.Popen(["cat", path], stdout=subprocess.PIPE)
        try:
            r = transcribe(emu, "-", "--jsonl", "--speed", "max", *args, stdin=cat.stdout)
        finally:
            cat.stdout.close()
            cat.wait()
    check(r.rc == 0, "dsasr failed on stdin", r)
    recs = finals(r.out)
    check([x["text"] for x in recs] == script_lines("en.txt"), "stdin texts", r)
    check(all(x["input"] == "-" for x in recs), "stdin input field", r)


def test_stdin_wav_through_cat():
    _pipe(data("en.wav"))


def test_stdin_flac_through_cat():
    with tempfile.TemporaryDirectory() as tmp:
        _pipe(_make(tmp, "flac.flac", FORMATS["flac.flac"]))


def test_stdin_mp3_through_cat():
    with tempfile.TemporaryDirectory() as tmp:
        _pipe(_make(tmp, "mp3.mp3", FORMATS["mp3.mp3"]))


def test_stdin_streamed_wav_with_bogus_length():
    # espeak-ng --stdout style: a WAV header whose data size is 0x7ffff000
    with open(data("en.wav"), "rb") as f:
        wav = bytearray(f.read())
    wav[40:44] = (0x7FFFF000).to_bytes(4, "little")
    wav[4:8] = (0x7FFFF024).to_bytes(4, "little")
    with Emulator(script="en.txt") as emu:
        r = transcribe(emu, "-", "--jsonl", "--speed", "max", input_bytes=bytes(wav))
    check(r.rc == 0, "streamed wav", r)
    check([x["text"] for x in finals(r.out)] == script_lines("en.txt"), "texts", r)


def test_raw_pcm_with_raw_rate():
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        raw = _make(tmp, "en.s16", ["sox", "IN", "-t", "raw", "-r", "32000", "-c", "2", "-b", "16",
                                    "-e", "signed-integer", "OUT"])
        texts, r = _texts(emu, raw, "--raw-rate", "32000", "--raw-channels", "2")
        check(texts == script_lines("en.txt"), f"{texts}", r)
        with open(raw, "rb") as f:
            r = transcribe(emu, "-", "--raw-rate", "32000", "--raw-channels", "2", "--speed", "max",
                           stdin=f)
        check(r.out.splitlines() == script_lines("en.txt"), "raw stdin", r)


def test_audio_reaches_the_service_intact():
    # 16 kHz s16 WAV in, exactly its PCM out: the emulator counts every byte it received.
    with Emulator(script="en.txt") as emu:
        r = transcribe(emu, data("en.wav"), "--speed", "max")
        check(r.rc == 0, "run", r)
        got = sum(rec["bytes"] for rec in emu.log() if rec.get("event") == "recv_binary")
    size = os.path.getsize(data("en.wav")) - 44
    check(got == size, f"emulator received {got} bytes of PCM, the file has {size}")


if __name__ == "__main__":
    run_case(globals())
