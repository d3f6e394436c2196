"""Reconnect and resume (design.md section 3) for both protocol families, for `dsasr file` and
for `dsasr mic` on the fake microphone: the emulator drops the first connection (drop-first:MS,
no close frame) before the first sentence, in the middle of a sentence, between sentences (after
the first final; and after the first sentence ended but before its final was sent) and during
finish (MS = all of the audio, so the drop comes when the last chunk arrives: dsasr has sent
its end of input and waits for the end of the task). Each faulted run must give the fault-free
transcript: the same sentences in the same order, times within 50 ms, ids 1..N; the second
connection must carry exactly the audio after the last final of the first; captions stay
monotonic."""

from common import *  # noqa: F401,F403

# Each family's end-of-sentence silence in the emulator (run_task.cpp / realtime_config.h):
# a final is sent once this much silence follows a sentence.
SENTENCE_SILENCE_MS = {"duplex": 1300, "realtime": 800}


def _drop_ms(point, family, ref, total_ms):
    first, second = ref[0], ref[1]
    final_of_first_at = first["end_ms"] + SENTENCE_SILENCE_MS[family]
    if point == "start":
        return first["begin_ms"] - 200
    if point == "mid_sentence":
        return (second["begin_ms"] + second["end_ms"]) // 2
    if point == "between_sentences":
        ms = second["begin_ms"] - 200
        check(ms > final_of_first_at, f"the first final comes at {final_of_first_at} ms, not "
              f"before {ms} ms")
        return ms
    if point == "before_first_final":
        ms = first["end_ms"] + 300
        check(ms < final_of_first_at, "the drop must come before the first final")
        return ms
    if point == "finish":
        return total_ms
    raise AssertionError(point)


def _source(source, mic_audio):
    if source == "mic":
        return "mic", len(mic_audio) // 2 * 1000 // RATE_HZ, len(mic_audio)
    path = data("en.wav")
    frames = wav_frames("en.wav")
    return path, len(frames) // 2 * 1000 // RATE_HZ, len(frames)


def _resume(family, source, point):
    script = script_lines("en.txt")
    mic_audio = mic_speech()
    with FakeMic(mic_audio) as mic:
        src, total_ms, total_bytes = _source(source, mic_audio)
        ref = reference(family, src, mic=mic)
        drop = _drop_ms(point, family, ref, total_ms)
        extra = ["-vvv"] if point == "finish" else []
        with Emulator(script="en.txt") as emu:
            r = run_source(emu, family, src, "--jsonl", "--stats", *extra,
                           faults=f"drop-first:{drop}", mic=mic)
            check(r.rc == 0, f"drop at {drop} ms: resumed to success", r)
            conns = connections(emu)
            check(conns == [1, 2], f"one reconnect, got connections {conns}", r)
            check([c["by"] for c in closes(emu, 1)] == ["drop"], "the first connection dropped",
                  r)
            sent_first = audio_bytes(emu, 1)
            sent_second = audio_bytes(emu, 2)
            finish_second = received_on(emu, 2, FAMILIES[family]["finish"])
            emu_log = emu.log()
    got = finals(r.out)
    check_same_transcript(got, ref, script, r)
    first_task = task_id_on(emu_log, 1, family)
    resumed_at_ms = max([x["end_ms"] for x in got if x["task_id"] == first_task] or [0])
    check(sent_first >= drop * BYTES_PER_MS, f"the first connection got {sent_first} bytes", r)
    check(same_audio_bytes(sent_second, total_bytes - resumed_at_ms * BYTES_PER_MS, family),
          f"the resumed task got {sent_second} bytes; expected the audio after {resumed_at_ms} "
          f"ms: {total_bytes - resumed_at_ms * BYTES_PER_MS}", r)
    check(len(finish_second) == 1, "the resumed task was finished once", r)
    stats = [x for x in jsonl_records(r.out) if x["type"] == "stats"]
    check(len(stats) == 1 and stats[0]["reconnects"] == 1, "stats: one reconnect", r)
    check("resuming from" in r.err, "the resume is reported", r)
    if point == "finish":
        # The end of input went out before dsasr learnt of the drop.
        lines = r.err.splitlines()
        sent = [i for i, l in enumerate(lines)
                if "sending" in l and FAMILIES[family]["finish"] in l]
        lost = [i for i, l in enumerate(lines) if "was lost" in l and "resuming from" in l]
        check(len(sent) == 2 and len(lost) == 1 and sent[0] < lost[0] < sent[1],
              f"end of input sent on both connections, the drop between (lines {sent}, {lost})",
              r)
        check(same_audio_bytes(sent_first, total_bytes, family),
              "the first connection got all of the audio", r)


def test_file_duplex_drop_at_start():
    _resume("duplex", "file", "start")


def test_file_duplex_drop_mid_sentence():
    _resume("duplex", "file", "mid_sentence")


def test_file_duplex_drop_between_sentences():
    _resume("duplex", "file", "between_sentences")


def test_file_duplex_drop_before_first_final():
    _resume("duplex", "file", "before_first_final")


def test_file_duplex_drop_during_finish():
    _resume("duplex", "file", "finish")


def test_file_realtime_drop_at_start():
    _resume("realtime", "file", "start")


def test_file_realtime_drop_mid_sentence():
    _resume("realtime", "file", "mid_sentence")


def test_file_realtime_drop_between_sentences():
    _resume("realtime", "file", "between_sentences")


def test_file_realtime_drop_before_first_final():
    _resume("realtime", "file", "before_first_final")


def test_file_realtime_drop_during_finish():
    _resume("realtime", "file", "finish")


def test_mic_duplex_drop_at_start():
    _resume("duplex", "mic", "start")


def test_mic_duplex_drop_mid_sentence():
    _resume("duplex", "mic", "mid_sentence")


def test_mic_duplex_drop_between_sentences():
    _resume("duplex", "mic", "between_sentences")


def test_mic_duplex_drop_before_first_final():
    _resume("duplex", "mic", "before_first_final")


def test_mic_duplex_drop_during_finish():
    _resume("duplex", "mic", "finish")


def test_mic_realtime_drop_at_start():
    _resume("realtime", "mic", "start")


def test_mic_realtime_drop_mid_sentence():
    _resume("realtime", "mic", "mid_sentence")


def test_mic_realtime_drop_between_sentences():
    _resume("realtime", "mic", "between_sentences")


def test_mic_realtime_drop_before_first_final():
    _resume("realtime", "mic", "before_first_final")


def test_mic_realtime_drop_during_finish():
    _resume("realtime", "mic", "finish")


def _cues(path, r):
    import srt
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        cues = list(srt.parse(text))
    except srt.SRTParseError as e:
        raise AssertionError(f"{path} is not valid SRT ({e}):\n{text}")
    check([c.index for c in cues] == list(range(1, len(cues) + 1)), f"cue numbers\n{text}", r)
    for c in cues:
        check(c.start < c.end, f"cue {c.index} ends before it starts\n{text}", r)
    for a, b in zip(cues, cues[1:]):
        check(b.start >= a.end, f"cue {b.index} goes back before cue {a.index} ends\n{text}", r)
    return cues


def _captions(family, source):
    """SRT written during a resumed run is monotonic and has the fault-free cues' times."""
    import os
    import tempfile
    mic_audio = mic_speech()
    with FakeMic(mic_audio) as mic, tempfile.TemporaryDirectory() as tmp:
        src, total_ms, _ = _source(source, mic_audio)
        ref = reference(family, src, mic=mic)
        with Emulator(script="en.txt") as emu:
            ref_path = os.path.join(tmp, "ref.srt")
            r = run_source(emu, family, src, "--srt", "-o", ref_path, mic=mic)
            check(r.rc == 0, "fault-free SRT", r)
        ref_cues = _cues(ref_path, r)
        for point in ("mid_sentence", "before_first_final"):
            drop = _drop_ms(point, family, ref, total_ms)
            path = os.path.join(tmp, f"{point}.srt")
            with Emulator(script="en.txt") as emu:
                r = run_source(emu, family, src, "--srt", "-o", path,
                               faults=f"drop-first:{drop}", mic=mic)
                check(r.rc == 0 and len(connections(emu)) == 2, f"{point}: resumed", r)
            cues = _cues(path, r)
            check(len(cues) == len(ref_cues), f"{point}: {len(cues)} cues, expected "
                  f"{len(ref_cues)}", r)
            for c, rc in zip(cues, ref_cues):
                for a, b in ((c.start, rc.start), (c.end, rc.end)):
                    check(abs((a - b).total_seconds()) * 1000 <= TOLERANCE_MS,
                          f"{point}: cue {c.index} at {c.start}-{c.end}, fault-free "
                          f"{rc.start}-{rc.end}", r)


def test_srt_monotonic_across_resume_file_duplex():
    _captions("duplex", "file")


def test_srt_monotonic_across_resume_file_realtime():
    _captions("realtime", "file")


def test_srt_monotonic_across_resume_mic_duplex():
    _captions("duplex", "mic")


def test_srt_monotonic_across_resume_mic_realtime():
    _captions("realtime", "mic")


if __name__ == "__main__":
    run_case(globals())
