"""`dsasr mic` and `dsasr devices` through PortAudio on an ALSA fake microphone (the ALSA `file`
plugin reading a raw s16le file, tests/alsa/fakemic.conf): real PortAudio, real ALSA, no sound
card. The fake device delivers audio as fast as it can, so these runs use --duration and stay
within the 5 s that dsasr's capture FIFO holds (whole recordings: test_paced.py). Also the
device errors, with no device at all (tests/alsa/nodevice.conf) and with a wrong choice."""

import json
import os
import tempfile

from miclib import *  # noqa: F401,F403


def _speech(seconds=None):
    samples = samples_of("en.wav")
    return samples[:int(seconds * BYTES_PER_SECOND)] if seconds else samples


def _devices_table(out):
    lines = out.splitlines()
    check(lines and lines[0].split() == ["INDEX", "DEFAULT", "CHANNELS", "RATE_HZ", "HOST_API",
                                         "NAME"], f"header: {out!r}")
    rows = []
    for line in lines[1:]:
        cols = line.split()
        default = len(cols) == 6
        if default:
            check(cols[1] == "*", f"default marker: {line!r}")
            del cols[1]
        check(len(cols) == 5 and cols[0].isdigit() and cols[1].isdigit() and int(cols[1]) > 0
              and float(cols[2]) > 0, f"row: {line!r}")
        rows.append({"index": int(cols[0]), "default": default, "channels": int(cols[1]),
                     "host_api": cols[3], "name": cols[4]})
    return rows


def test_devices_lists_the_fake_microphone():
    with FileMic(_speech(1)) as mic:
        r = run_dsasr(["devices"], mic)
    check(r.rc == 0 and r.err == "", "devices", r)
    rows = _devices_table(r.out)
    check(len(rows) == 1 and rows[0]["index"] == 0 and rows[0]["default"]
          and rows[0]["name"] == "default" and rows[0]["host_api"] == "ALSA",
          "one default ALSA device", r)


def test_devices_lists_every_device_and_marks_the_default():
    with FileMic(_speech(1), conf="fakemic-multi.conf") as mic:
        r = run_dsasr(["devices"], mic)
    check(r.rc == 0 and r.err == "", "devices", r)
    rows = _devices_table(r.out)
    check(sorted(x["name"] for x in rows) == ["default", "fakemic", "fakemic_raw"],
          "the three devices", r)
    check(sorted(x["index"] for x in rows) == list(range(3)), "indexes", r)
    check([x["name"] for x in rows if x["default"]] == ["default"], "only default marked", r)


def _loaded_portaudio(err):
    """Whether glibc's LD_DEBUG=files trace on stderr shows libportaudio being loaded."""
    return any("file=libportaudio.so.2" in line for line in err.splitlines())


def test_only_the_device_commands_load_portaudio():
    # dsasr is not linked against PortAudio: `devices` and `mic` dlopen() it, `file` never maps
    # it (nor alsa-lib and libjack behind it).
    with Emulator(script="en.txt") as emu:
        r = harness.dsasr("file", data("en.wav"), "--speed", "max", "--endpoint", emu.url(),
                          env={"LD_DEBUG": "files"})
    check(r.rc == 0 and r.out.splitlines() == script_lines("en.txt"), "file transcribes", r)
    check("file=libsndfile.so.1" in r.err, "the LD_DEBUG trace is there", r)
    check(not _loaded_portaudio(r.err), "file does not load PortAudio", r)
    with FileMic(_speech(1), extra_env={"LD_DEBUG": "files"}) as mic:
        r = run_dsasr(["devices"], mic)
    check(r.rc == 0 and _devices_table(r.out)[0]["name"] == "default", "devices", r)
    check(_loaded_portaudio(r.err) and "dynamically loaded by" in r.err,
          "devices loads PortAudio at run time", r)


def test_device_chosen_by_exact_name():
    # 'fakemic' is also a substring of 'fakemic_raw'; each name must open its own file.
    other = bytes(b ^ 0x01 for b in _speech(1))  # different samples
    with tempfile.TemporaryDirectory() as tmp:
        second = os.path.join(tmp, "second.s16le")
        with open(second, "wb") as f:
            f.write(other)
        with FileMic(_speech(1), conf="fakemic-multi.conf",
                     extra_env={"FAKEMIC_FILE2": second}) as mic, Emulator() as emu:
            for name, expected in (("fakemic_raw", other), ("fakemic", _speech(1))):
                save = os.path.join(tmp, f"{name}.wav")
                r = run_dsasr(["mic", "--endpoint", emu.url(), "--duration", "0.5", "-d", name,
                               "--save", save, "-v"], mic)
                check(r.rc == 0 and f"'{name}'" in r.err, f"-d {name}", r)
                check(wav_samples(save)[2] == expected[:16000],
                      f"-d {name} recorded its own file")


def test_mic_transcribes_and_saves_what_it_sent():
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu, \
            FileMic(_speech()) as mic:
        save = os.path.join(tmp, "sent.wav")
        r = run_dsasr(["mic", "--endpoint", emu.url(), "--duration", "4.9", "--jsonl", "--save",
                       save, "--device", "0"], mic)
        check(r.rc == 0, "mic run", r)
        run_task = emu.received("run-task")[0]["payload"]["parameters"]
        sent = sum(n for _, n in binary_arrivals(emu))
        samples = round(4.9 * 16000)
        rate, channels, frames = wav_samples(save)
    check(rate == 16000 and channels == 1, "save format")
    check(frames == _speech()[:samples * 2], "--save holds exactly the captured audio")
    recs = [x for x in map(json.loads, r.out.splitlines()) if x["type"] == "final"]
    check([x["text"] for x in recs] == script_lines("en.txt")[:1], "first sentence", r)
    check(recs[0]["input"] == "mic", "input is mic", r)
    check(run_task.get("heartbeat") is True, f"mic turns heartbeat on: {run_task}")
    check(sent == samples * 2, f"sent {sent} bytes, expected {samples * 2}")


def test_mic_no_heartbeat_and_unknown_device():
    with Emulator(script="en.txt") as emu, FileMic(_speech(2)) as mic:
        r = run_dsasr(["mic", "--endpoint", emu.url(), "--duration", "1", "--no-heartbeat"], mic)
        check(r.rc == 0, "run", r)
        params = emu.received("run-task")[0]["payload"]["parameters"]
        check("heartbeat" not in params, f"heartbeat off: {params}")
        r = run_dsasr(["mic", "--endpoint", emu.url(), "--duration", "1", "--device",
                       "no-such-mic"], mic)
    check(r.rc == 3, "unknown device exits 3", r)
    check("no-such-mic" in r.err and "default" in r.err, "names the candidates", r)


def test_mic_srt_output_file():
    import srt
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu, \
            FileMic(_speech()) as mic:
        out = os.path.join(tmp, "live.srt")
        r = run_dsasr(["mic", "--endpoint", emu.url(), "--duration", "4.9", "--srt", "-o", out],
                      mic)
        check(r.rc == 0, "run", r)
        with open(out, encoding="utf-8") as f:
            cues = list(srt.parse(f.read()))
    check(len(cues) >= 1 and cues[0].start.total_seconds() == 0.5, f"cues {cues}")


def _error_lines(r):
    """stderr must be exactly one error line, optionally followed by one hint line."""
    lines = r.err.splitlines()
    check(1 <= len(lines) <= 2 and lines[0].startswith("dsasr: error: ")
          and (len(lines) == 1 or lines[1].startswith("dsasr: hint: ")),
          "one error line (and a hint)", r)
    return lines[0], (lines[1] if len(lines) == 2 else "")


def test_no_device_exits_3():
    with Emulator() as emu, FileMic(conf="nodevice.conf") as mic:
        for args in (["devices"], ["mic", "--endpoint", emu.url(), "--duration", "1"]):
            r = run_dsasr(args, mic)
            check(r.rc == 3 and r.out == "", f"{args[0]} without any device exits 3", r)
            error, hint = _error_lines(r)
            check("no audio capture device" in error, "says there is none", r)
            check("arecord -l" in hint or "dsasr devices" in hint, "says how to list devices", r)
        check(not binary_arrivals(emu) and not emu.received("run-task"), "nothing was sent")


def test_bad_device_exits_3():
    with Emulator() as emu, FileMic(_speech(1), conf="fakemic-multi.conf") as mic:
        for device, what in (("usbmic", "'usbmic'"), ("7", "index 7"),
                             ("FAKE", "'FAKE' matches several")):
            r = run_dsasr(["mic", "--endpoint", emu.url(), "--duration", "1", "-d", device], mic)
            check(r.rc == 3 and r.out == "", f"-d {device} exits 3", r)
            error, hint = _error_lines(r)
            check(what in error and "'fakemic'" in error and "'fakemic_raw'" in error,
                  f"-d {device}: names it and the candidates", r)
            check("dsasr devices" in hint, f"-d {device}: says how to list devices", r)
        check(not emu.received("run-task"), "nothing was sent")


if __name__ == "__main__":
    run_case(globals())
