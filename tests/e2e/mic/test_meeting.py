"""Meetings (issue 20): what the computer plays, beside the microphone. A private PulseAudio
server (miclib.PulseMic) gets a second null sink `vspk`, the speakers and default sink, whose
monitor is what `--system` records; `vmic_in`'s monitor stays the default source, the
microphone. paplay plays into either. Skipped (printing SKIP: and why) only where PulseAudio
cannot run.

The emulator gives every task the same script (en.txt), so the two streams of --with-system are
told apart by their timing: en.wav's first sentence lasts 3.0 s, zh.wav's 6.3 s."""

import os
import signal
import tempfile
import time
import wave

from miclib import *  # noqa: F401,F403

EN_FIRST_MS = 3520 - 500  # en.wav's first sentence, as `dsasr file` finds it
ZH_FIRST_MS = 6840 - 500  # zh.wav's


class MeetingPulse(PulseMic):
    """PulseMic plus the speakers: a null sink `vspk` (16 kHz mono s16), the default sink, kept
    rendering in small blocks by its own silent pacat."""

    def _start(self):
        super()._start()
        self._client(["pactl", "load-module", "module-null-sink", "sink_name=vspk", "rate=16000",
                      "channels=1", "format=s16le"])
        self._client(["pactl", "set-default-sink", "vspk"])
        self._spawn(["pacat", "--playback", f"--latency-msec={self.keepalive_ms}", "--raw",
                     "--format=s16le", "--rate=16000", "--channels=1", "--device=vspk",
                     "/dev/zero"])
        time.sleep(0.5)

    def play_to(self, sink, wav_path):
        return self._spawn(["paplay", "--latency-msec=300", f"--device={sink}", wav_path])


def run_plain(args, env, timeout=20):
    p = subprocess.run([harness.PATHS["dsasr"], *args], env=dsasr_env(env),
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    return harness.Result(p.returncode, p.stdout.decode("utf-8", "replace"),
                          p.stderr.decode("utf-8", "replace"))


def finals_of(out):
    return [x for x in harness.jsonl_records(out) if x["type"] == "final"]


def samples_at(name, from_s, length_s):
    speech = samples_of(name)
    return speech[int(from_s * 32000):int((from_s + length_s) * 32000)]


def channels_of(path):
    with wave.open(path) as w:
        check(w.getnchannels() == 2 and w.getframerate() == RATE_HZ and w.getsampwidth() == 2,
              f"--save {path}: {w.getnchannels()} ch, {w.getframerate()} Hz")
        frames = w.readframes(w.getnframes())
    left = b"".join(frames[i:i + 2] for i in range(0, len(frames), 4))
    right = b"".join(frames[i + 2:i + 4] for i in range(0, len(frames), 4))
    return left, right


def test_devices_lists_the_sources_and_monitors():
    with MeetingPulse() as pulse:
        r = run_plain(["devices"], pulse.env())
    check(r.rc == 0, "dsasr devices", r)
    lines = r.out.splitlines()
    monitor = [x for x in lines if "vspk.monitor" in x]
    mic = [x for x in lines if "vmic_in.monitor" in x]
    check(len(monitor) == 1 and monitor[0].split()[:2] == ["system", "monitor"],
          "the default sink's monitor is marked system", r)
    check(len(mic) == 1 and mic[0].split()[:2] == ["*", "monitor"],
          "the default source is marked *", r)
    check(monitor[0].split()[2:4] == ["1", "16000"], "channels and rate", r)


def test_no_sound_server_is_exit_3():
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.conf")
        open(empty, "w").close()
        env = {"PULSE_SERVER": f"unix:{tmp}/no-such-socket", "ALSA_CONFIG_PATH": empty}
        # An ALSA configuration without pcm.default made PortAudio 19.6 abort (SIGABRT).
        devices = run_plain(["devices", "-v"], env)
        system = run_plain(["mic", "--system", "--endpoint", "ws://127.0.0.1:9/", "--duration",
                            "1"], env)
        meeting = run_plain(["mic", "--with-system", "--endpoint", "ws://127.0.0.1:9/"], env)
    check(meeting.rc == 3 and "error: --with-system: no PulseAudio or PipeWire sound server"
          in meeting.err, "mic --with-system without a server", meeting)
    check(devices.rc == 3, "devices without a server or an ALSA default", devices)
    check("defines no default capture device (pcm.default)" in devices.err, "ALSA message",
          devices)
    check("no PulseAudio or PipeWire sound server is reachable" in devices.err,
          "server message", devices)
    check(system.rc == 3, "mic --system without a server", system)
    check("dsasr: error: mic: no PulseAudio or PipeWire sound server is reachable" in system.err
          and "dsasr: hint: start one" in system.err, "one error and a hint", system)


def test_system_transcribes_what_the_speakers_play():
    with MeetingPulse() as pulse, Emulator(script="en.txt") as emu:
        pulse.play_to("vspk", data("en.wav"))
        r = run_dsasr(["mic", "--system", "--endpoint", emu.url(), "--duration", "7", "--jsonl"],
                      pulse, timeout=30)
    check(r.rc == 0, "mic --system", r)
    texts = [x["text"] for x in finals_of(r.out)]
    check(texts and texts == script_lines("en.txt")[:len(texts)], "what the speakers played", r)
    first = finals_of(r.out)[0]
    check(abs(first["end_ms"] - first["begin_ms"] - EN_FIRST_MS) <= 500,
          "en.wav's first sentence, timed", r)


def test_d_records_a_sound_server_source_by_name():
    with MeetingPulse() as pulse, Emulator(script="en.txt") as emu:
        pulse.play_to("vspk", data("en.wav"))
        r = run_dsasr(["mic", "-d", "vspk.monitor", "--endpoint", emu.url(), "--duration", "6",
                       "--jsonl", "-v"], pulse, timeout=30)
    check(r.rc == 0, "mic -d vspk.monitor", r)
    check("mic: sound server source 'vspk.monitor'" in r.err, "recorded through the server", r)
    texts = [x["text"] for x in finals_of(r.out)]
    check(texts and texts == script_lines("en.txt")[:len(texts)], "what the speakers played", r)


def test_with_system_labels_each_stream_and_saves_two_channels():
    with tempfile.TemporaryDirectory() as tmp, MeetingPulse() as pulse, \
            Emulator(script="en.txt") as emu:
        save = os.path.join(tmp, "meeting.wav")
        txt = os.path.join(tmp, "meeting.txt")
        srt_path = os.path.join(tmp, "meeting.srt")
        jsonl = os.path.join(tmp, "meeting.jsonl")
        pulse.play_to("vmic_in", data("en.wav"))
        pulse.play_to("vspk", data("zh.wav"))
        r = run_dsasr(["mic", "--with-system", "--labels", "ME,THEM", "--endpoint", emu.url(),
                       "--duration", "9", "-o", jsonl, "-o", txt, "-o", srt_path, "--save", save,
                       "--stats"], pulse, timeout=40)
        with open(txt, encoding="utf-8") as f:
            text = f.read()
        with open(jsonl, encoding="utf-8") as f:
            records = f.read()
        with open(srt_path, encoding="utf-8") as f:
            captions = f.read()
        left, right = channels_of(save)
        tasks = emu.received("run-task")
    check(r.rc == 0, "mic --with-system", r)
    check(len(tasks) == 2, "two tasks", r)
    finals = finals_of(records)
    mic = [x for x in finals if x["source"] == "mic"]
    system = [x for x in finals if x["source"] == "system"]
    check(mic and system and len(mic) + len(system) == len(finals), "both sources", r)
    check(abs(mic[0]["end_ms"] - mic[0]["begin_ms"] - EN_FIRST_MS) <= 500,
          "the microphone's first sentence is en.wav's", r)
    check(abs(system[0]["end_ms"] - system[0]["begin_ms"] - ZH_FIRST_MS) <= 500,
          "the system's first sentence is zh.wav's", r)
    check(len({x["task_id"] for x in mic}) == 1 and
          {x["task_id"] for x in mic}.isdisjoint({x["task_id"] for x in system}),
          "a task per stream", r)
    check([x["begin_ms"] for x in finals] == sorted(x["begin_ms"] for x in finals),
          "finals in begin order", r)
    lines = text.splitlines()
    check(len(lines) == len(finals) and
          all(line == ("ME: " if x["source"] == "mic" else "THEM: ") + x["text"]
              for line, x in zip(lines, finals)), f"labelled text: {text!r}", r)
    import srt
    cues = list(srt.parse(captions))
    check(len(cues) >= len(finals) and
          all(a.start <= b.start and a.end <= b.start for a, b in zip(cues, cues[1:])),
          f"caption cues never overlap or go backwards: {captions!r}", r)
    check(all(c.content.startswith(("ME: ", "THEM: ")) for c in cues) and
          cues[0].content.startswith("ME: " if finals[0]["source"] == "mic" else "THEM: "),
          f"every cue labelled: {captions!r}", r)
    check(r.err.count("stats: ") == 2, "a stats line per stream", r)
    # Left is what the microphone heard (en.wav), right what the speakers played (zh.wav).
    check(len(left) == len(right) == 9 * BYTES_PER_SECOND, f"--save length {len(left)}")
    en = samples_at("en.wav", 0.5, 1.0)
    zh = samples_at("zh.wav", 0.5, 1.0)
    check(left.find(en) >= 0 and left.find(en) % 2 == 0, "en.wav in the left channel")
    check(right.find(zh) >= 0 and right.find(zh) % 2 == 0, "zh.wav in the right channel")
    check(left.find(zh) < 0 and right.find(en) < 0, "each channel holds only its stream")


def test_echo_guard_drops_the_microphones_copy():
    with MeetingPulse() as pulse, Emulator(script="en.txt") as emu:
        pulse.play_to("vmic_in", data("en.wav"))
        pulse.play_to("vspk", data("en.wav"))
        r = run_dsasr(["mic", "--with-system", "--echo-guard", "--endpoint", emu.url(),
                       "--duration", "7", "--jsonl", "-v"], pulse, timeout=30)
        tasks = emu.received("run-task")
    check(r.rc == 0, "mic --with-system --echo-guard", r)
    check(len(tasks) == 2, "both streams were transcribed", r)
    finals = finals_of(r.out)
    check(finals and all(x["source"] == "system" for x in finals), "only the system's copy", r)
    check([x["text"] for x in finals] == script_lines("en.txt")[:len(finals)], "its text", r)
    check(f"echo guard: dropped {len(finals)} microphone sentence(s)" in r.err,
          "the drops are counted", r)


def test_interrupt_finishes_both_streams():
    with MeetingPulse() as pulse, Emulator(script="en.txt") as emu:
        p = start_dsasr(["mic", "--with-system", "--endpoint", emu.url(), "--jsonl"], pulse)
        try:
            wait_until(lambda: len(binary_arrivals(emu)) >= 2, 10, "audio from both streams")
            pulse.play_to("vmic_in", data("en.wav"))
            pulse.play_to("vspk", data("zh.wav"))
            time.sleep(6.0)
            check(p.poll() is None, "dsasr mic --with-system ended before Ctrl+C")
            p.send_signal(signal.SIGINT)
            out, err = p.communicate(timeout=20)
        finally:
            if p.poll() is None:
                p.kill()
                p.communicate()
        finish = emu.received("finish-task")
    r = harness.Result(p.returncode, out.decode("utf-8", "replace"),
                       err.decode("utf-8", "replace"))
    check(r.rc == 130, "exit 130 after Ctrl+C", r)
    check(len(finish) == 2, "both tasks finished", r)
    sources = [x["source"] for x in finals_of(r.out)]
    # The microphone's first sentence is over by then; the system's, under way, is finalised by
    # its finish-task.
    check("mic" in sources and "system" in sources, "the last words of both streams", r)


if __name__ == "__main__":
    run_case(globals())
