"""What dsasr puts on the wire and how it paces it, read from the emulator's log; resume after a
dropped connection; both protocol families; Gummy translation."""

import os
import tempfile

from common import *  # noqa: F401,F403


def _binary_times(emu):
    return [rec["t"] for rec in emu.log() if rec.get("event") == "recv_binary"]


def _short_clip(tmp, seconds):
    import subprocess
    out = os.path.join(tmp, "clip.wav")
    subprocess.run([tool("sox"), data("en.wav"), out, "trim", "0", str(seconds)], check=True)
    return out


def test_run_task_has_exactly_the_requested_parameters():
    with Emulator(script="en.txt") as emu:
        r = transcribe(emu, data("en.wav"), "--model", "paraformer-realtime-v2", "--speed", "max",
                       "--language", "zh", "--vocabulary-id", "vocab-123",
                       "--max-sentence-silence", "800", "--disfluency-removal", "--no-itn",
                       "--heartbeat", "--semantic-punctuation", "--phrase-id", "phrase-abc",
                       "--param", "special={\"a\":[1,2]}", "--workspace", "ws-1")
        check(r.rc == 0, "run", r)
        run_task = emu.received("run-task")
        handshake = [x for x in emu.log() if x["event"] == "handshake"][0]
    check(len(run_task) == 1, "one run-task", r)
    payload = run_task[0]["payload"]
    check(payload["model"] == "paraformer-realtime-v2", "model")
    check(payload["parameters"] == {
        "format": "pcm", "sample_rate": 16000, "language_hints": ["zh"],
        "vocabulary_id": "vocab-123", "max_sentence_silence": 800,
        "disfluency_removal_enabled": True, "inverse_text_normalization_enabled": False,
        "heartbeat": True, "semantic_punctuation_enabled": True, "special": {"a": [1, 2]}},
        f"parameters: {payload['parameters']}")
    check(payload["resources"] == [{"resource_id": "phrase-abc", "resource_type": "asr_phrase"}],
          "resources")
    check(payload["input"] == {} and payload["task"] == "asr", "payload")
    check(run_task[0]["header"]["streaming"] == "duplex", "header")
    h = handshake["headers"]
    check(h["authorization"]["scheme"] == "Bearer", f"auth {h}")
    check(h["user-agent"].startswith("dsasr/"), f"user agent {h}")
    check(h["x-dashscope-workspace"] == "ws-1", f"workspace {h}")


def test_default_run_task_is_minimal_and_finish_task_follows():
    with Emulator(script="en.txt") as emu:
        r = transcribe(emu, data("en.wav"), "--speed", "max")
        check(r.rc == 0, "run", r)
        run_task = emu.received("run-task")[0]
        finish = emu.received("finish-task")
    check(run_task["payload"]["parameters"] == {"format": "pcm", "sample_rate": 16000},
          f"{run_task['payload']['parameters']}")
    check(len(finish) == 1 and finish[0]["payload"] == {"input": {}}, f"finish-task {finish}")
    check(finish[0]["header"]["task_id"] == run_task["header"]["task_id"], "same task id")


def test_realtime_speed_paces_chunks_100ms_apart():
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        clip = _short_clip(tmp, 1.5)
        r = transcribe(emu, clip, "--speed", "realtime")
        check(r.rc == 0, "run", r)
        sizes = [x["bytes"] for x in emu.log() if x.get("event") == "recv_binary"]
        times = _binary_times(emu)
    check(sizes[:-1] == [3200] * (len(sizes) - 1) and len(sizes) == 15, f"chunks {sizes}")
    span = times[-1] - times[0]
    check(1.3 <= span <= 1.8, f"15 chunks at real time should span ~1.4 s, took {span:.3f} s")
    gaps = [b - a for a, b in zip(times, times[1:])]
    check(sum(1 for g in gaps if 0.07 <= g <= 0.13) >= len(gaps) - 2, f"gaps {gaps}")


def test_factor_and_max_speeds():
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        clip = _short_clip(tmp, 2.0)
        r = transcribe(emu, clip, "--speed", "4")
        check(r.rc == 0, "run", r)
        times = _binary_times(emu)
        span4 = times[-1] - times[0]
    with Emulator(script="en.txt") as emu:
        r = transcribe(emu, data("en.wav"), "--speed", "max")
        times = _binary_times(emu)
        span_max = times[-1] - times[0]
    check(0.4 <= span4 <= 0.8, f"2 s at 4x should take ~0.475 s, took {span4:.3f}")
    check(span_max < 1.0, f"19 s of audio at max speed took {span_max:.3f} s")


# Timing only: --speed auto is the default of nearly every other file test.
# ctest-labels: timer
def test_auto_speed_stays_within_the_window_of_the_service():
    # The emulator reports results at 1x (slow:1) here, so with a 2 s window dsasr may run at
    # most ~2 s ahead of real time: 6 s of audio cannot go out in under ~3.5 s.
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        clip = _short_clip(tmp, 6.0)
        r = transcribe(emu, clip, "--window", "2", query="faults=slow:1")
        check(r.rc == 0, "run", r)
        times = _binary_times(emu)
    span = times[-1] - times[0]
    check(3.0 <= span <= 6.5, f"auto pacing with a 2 s window took {span:.3f} s")


def _progress_ms(result):
    """The audio time a duplex result reports having processed, by dsasr's rule
    (protocol/duplex_result.cpp): the sentence end, else current_time, else the last word's
    end, else the sentence begin."""
    sentence = result["payload"]["output"]["sentence"]
    if sentence.get("end_time") is not None:
        return sentence["end_time"]
    if sentence.get("current_time") is not None:
        return sentence["current_time"]
    if sentence.get("words"):
        return sentence["words"][-1]["end_time"]
    return sentence.get("begin_time", 0)


# Timing only: e2e/reliability's max_speed_with_a_lagging_service_and_drops_loses_nothing runs
# the same hold-and-burst pacing (--speed max, slow:8) through drops and resumes.
# ctest-labels: timer
def test_max_speed_holds_30_s_ahead_of_the_service_then_catches_up_in_bursts():
    # The emulator reports at 8x real time (slow:8). dsasr sends 30 s at once, then real time
    # until the service's progress brings it back to 25 s ahead, then 5 s in one burst, and so
    # on. Leads are read at the emulator: audio received minus the progress it had sent.
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        import subprocess
        long_wav = os.path.join(tmp, "long.wav")
        subprocess.run([tool("sox")] + [data("en.wav")] * 4 + [long_wav], check=True)
        r = transcribe(emu, long_wav, "--speed", "max", query="faults=slow:8")
        check(r.rc == 0 and len(r.out.splitlines()) == 16, "run", r)
        received_ms, progress_ms, leads = 0, 0, []
        for rec in emu.log():
            if rec.get("event") == "recv_binary":
                received_ms += rec["bytes"] * 1000 // 32000
                leads.append(received_ms - progress_ms)
            elif (rec.get("event") == "send_text"
                  and rec["json"]["header"]["event"] == "result-generated"):
                progress_ms = max(progress_ms, _progress_ms(rec["json"]))
    check(max(leads) <= 30300, f"at most 30 s ahead (and a chunk), not {max(leads)} ms")
    first_hold = next(i for i, lead in enumerate(leads) if lead >= 29900)
    after = leads[first_hold:]
    check(min(after) <= 25200, f"sending resumed before the lead fell to 25 s: {min(after)} ms")
    # A burst: from 25 s ahead (or less: progress moves on while dsasr reacts) back up to 30.
    bursts, low = 0, False
    for lead in after:
        if lead <= 25200:
            low = True
        elif lead >= 29500 and low:
            bursts, low = bursts + 1, False
    check(bursts >= 3, f"{bursts} catch-up bursts for 47 s of audio past the first 30 s")


def test_resume_after_a_dropped_connection_loses_and_repeats_nothing():
    with Emulator(script="en.txt") as emu:
        ref = finals(transcribe(emu, data("en.wav"), "--jsonl", "--speed", "max").out)
    with Emulator(script="en.txt") as emu:
        r = transcribe(emu, data("en.wav"), "--jsonl", "--speed", "max", "--stats",
                       query="faults=drop-first:7000")
        check(r.rc == 0, "resumed run", r)
        connections = {x["conn"] for x in emu.log() if x["event"] == "handshake"}
    got = finals(r.out)
    spans = [(x["begin_ms"], x["end_ms"]) for x in got]
    check(spans == [(x["begin_ms"], x["end_ms"]) for x in ref],
          f"resumed sentence times differ: {spans}", r)
    check([x["sentence_id"] for x in got] == [1, 2, 3, 4], "ids renumbered across tasks", r)
    # Whether task 1's first final reached dsasr before the drop depends on timing, so the finals
    # may all come from the second task; the connections and the reconnect count are certain.
    check(len(connections) == 2, "one reconnect", r)
    check("reconnects 1" in r.err and "resuming from" in r.err, "reported", r)


def test_close_1011_and_throttling_are_retried():
    # close1011 hits every connection after 8 s of its audio; each one still gets a sentence
    # further, so resuming makes progress.
    for query in ("faults=close1011:8000", "faults=throttle:2"):
        with Emulator(script="en.txt") as emu:
            r = transcribe(emu, data("en.wav"), "--speed", "max", query=query)
        check(r.rc == 0, f"{query}: retried to success", r)
        check(len(r.out.splitlines()) >= 4, f"{query}: sentences", r)


def test_fragmented_unknown_fields_non_json_oversized_are_tolerated():
    with Emulator(script="en.txt") as emu:
        r = transcribe(emu, data("en.wav"), "--jsonl", "--speed", "max",
                       query="faults=fragment:7,unknown-fields,non-json,oversized:300000")
    check(r.rc == 0, "run", r)
    check([x["text"] for x in finals(r.out)] == script_lines("en.txt"), "texts", r)


def test_qwen_realtime_family():
    with Emulator(script="zh.txt") as emu:
        r = dsasr("file", data("zh.wav"), "--model", "qwen3-asr-flash-realtime", "--jsonl",
                  "--speed", "max", "--language", "zh", "--context", "天气, 公园",
                  "--endpoint", emu.url(path="/api-ws/v1/realtime"))
        check(r.rc == 0, "run", r)
        update = emu.received("session.update")[0]["session"]
        finish = emu.received("session.finish")
        handshake = [x for x in emu.log() if x["event"] == "handshake"][0]
    check([x["text"] for x in finals(r.out)] == script_lines("zh.txt"), "qwen finals", r)
    check(update["input_audio_transcription"] == {"language": "zh", "corpus": {"text": "天气, 公园"}},
          f"session.update {update}")
    check(update["sample_rate"] == 16000 and update["input_audio_format"] == "pcm", "audio")
    check(len(finish) == 1, "session.finish sent")
    check(handshake["query"] == "model=qwen3-asr-flash-realtime", f"query {handshake['query']}")


def test_qwen_manual_commit():
    with Emulator(script="en.txt") as emu:
        r = dsasr("file", data("en.wav"), "--model", "qwen3-asr-flash-realtime", "--jsonl",
                  "--speed", "max", "--manual-commit",
                  "--endpoint", emu.url(path="/api-ws/v1/realtime"))
        check(r.rc == 0, "run", r)
        update = emu.received("session.update")[0]["session"]
        commits = emu.received("input_audio_buffer.commit")
    check(update["turn_detection"] is None, "manual mode")
    check(len(commits) == 1, f"{len(commits)} commits")
    check(len(finals(r.out)) == 1, "one committed utterance", r)


def test_gummy_translation_in_every_format():
    with Emulator(script="en.txt") as emu:
        base = ["--model", "gummy-realtime-v1", "--translate-to", "zh", "--speed", "max"]
        text = transcribe(emu, data("en.wav"), *base)
        jl = transcribe(emu, data("en.wav"), *base, "--jsonl")
        srt_out = transcribe(emu, data("en.wav"), *base, "--srt")
        params = emu.received("run-task")[0]["payload"]["parameters"]
    lines = script_lines("en.txt")
    check(text.out.splitlines() == [x for l in lines for x in (l, "[zh] " + l)], "text", text)
    recs = finals(jl.out)
    check([x["translations"] for x in recs] == [{"zh": "[zh] " + l} for l in lines], "jsonl", jl)
    check(params["translation_enabled"] is True and params["translation_target_languages"] == ["zh"],
          f"params {params}")
    import srt
    cues = list(srt.parse(srt_out.out))
    check(all(c.content.splitlines()[-1].startswith("[zh]") or "[zh]" in c.content for c in cues),
          "srt cues carry the translation", srt_out)


def test_gummy_chat_stops_after_one_sentence():
    with Emulator(script="en.txt") as emu:
        r = transcribe(emu, data("en.wav"), "--model", "gummy-chat-v1", "--jsonl", "--speed",
                       "max")
        finish = emu.received("finish-task")
    check(r.rc == 0, "run", r)
    check([x["text"] for x in finals(r.out)] == script_lines("en.txt")[:1], "one sentence", r)
    check(len(finish) == 1, "finish-task sent")


def test_jobs_and_output_dir():
    with tempfile.TemporaryDirectory() as d, Emulator(script="en.txt") as emu:
        out = os.path.join(d, "subs", "new")
        r = transcribe(emu, data("en.wav"), data("zh.wav"), "-j", "2", "--srt", "--output-dir",
                       out, "--speed", "max")
        check(r.rc == 0 and r.out == "", "run", r)
        check(sorted(os.listdir(out)) == ["en.srt", "zh.srt"], f"{os.listdir(out)}")
        import srt
        with open(os.path.join(out, "zh.srt"), encoding="utf-8") as f:
            check(len(list(srt.parse(f.read()))) >= 3, "zh.srt cues")
        conns = {x["conn"] for x in emu.log() if x["event"] == "handshake"}
        check(len(conns) == 2, "two connections")


def test_several_inputs_to_stdout_are_labelled():
    with Emulator(script="en.txt") as emu:
        t = transcribe(emu, data("en.wav"), data("zh.wav"), "-j", "2", "--speed", "max")
        j = transcribe(emu, data("en.wav"), data("zh.wav"), "-j", "2", "--jsonl", "--speed", "max")
    check(t.rc == 0 and j.rc == 0, "runs", t)
    for line in t.out.splitlines():
        check(line.startswith(data("en.wav") + ": ") or line.startswith(data("zh.wav") + ": "),
              f"unlabelled line {line!r}", t)
    check(len(t.out.splitlines()) == 7, "4 + 3 lines", t)
    inputs = [x["input"] for x in finals(j.out)]
    check(inputs.count(data("en.wav")) == 4 and inputs.count(data("zh.wav")) == 3, "inputs", j)


def test_stats_report():
    with Emulator(script="en.txt") as emu:
        r = transcribe(emu, data("en.wav"), "--jsonl", "--stats", "--speed", "max")
    check(r.rc == 0, "run", r)
    stats = [x for x in jsonl_records(r.out) if x["type"] == "stats"]
    check(len(stats) == 1, "one stats record", r)
    s = stats[0]
    check(s["audio_ms"] == 19254 and s["billed_seconds"] == 20 and s["reconnects"] == 0, f"{s}")
    check(len(s["task_ids"]) == 1 and "first_package_delay_ms" in s, f"{s}")
    check("stats: " in r.err and "billed 20 s" in r.err, "stderr stats", r)


if __name__ == "__main__":
    run_case(globals())
