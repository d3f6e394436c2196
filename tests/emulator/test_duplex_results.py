"""Duplex family recognition results: shapes, interims, finals, words, usage, heartbeats, script."""

import time

from emu import (Duplex, audio, check_fun_sentence, check_task_started, dump, finals, new_task_id, run_task_msg,
                 sentences, silence, timeout, tone)

LONG = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen."


async def until_finals(d, n, timeout_s=5.0, emo=False):
    """Reads result-generated messages until n finals arrived (without sending finish-task)."""
    deadline = time.monotonic() + timeout_s
    msgs = []
    while len([m for m in msgs if m["payload"]["output"]["sentence"]["sentence_end"]]) < n:
        remaining = deadline - time.monotonic()
        assert remaining > 0, "expected %d final(s) before finish-task within %.1f s; %s" % (
            n, timeout_s, d.log)
        m = await d.recv(remaining)
        check_fun_sentence(m, d.task_id, emo=emo)
        msgs.append(m)
    return msgs


def check_words_even(s, msg=None):
    words = s["words"]
    assert words, "final without words: %s" % dump(msg or s)
    assert words[0]["begin_time"] == s["begin_time"], "first word must start at begin_time: %s" % (
        dump(s))
    assert words[-1]["end_time"] == s["end_time"], "last word must end at end_time: %s" % dump(s)
    span = (s["end_time"] - s["begin_time"]) / len(words)
    for i, w in enumerate(words):
        if i:
            assert w["begin_time"] == words[i - 1]["end_time"], \
                "words must be contiguous (spread evenly): %s" % dump(s)
        assert abs((w["end_time"] - w["begin_time"]) - span) <= 2, \
            "words not spread evenly over [begin,end] (span %.1f): %s" % (span, dump(s))


def latin_words(text):
    out = []
    for tok in text.split():
        core = tok.rstrip(".,!?;:")
        out.append((core, tok[len(core):]))
    return out


async def test_run_task_as_the_python_sdk_sends_it(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e)
        tid = new_task_id()
        # [OBS] key order and extra members exactly as SDK 1.26.2 sent them
        raw = ('{"header": {"streaming": "duplex", "task_id": "%s", "action": "run-task"}, '
               '"payload": {"model": "paraformer-realtime-v2", "parameters": {"sample_rate": 16000,'
               ' "format": "pcm", "stream": true, "vocabulary_id": "vocab-123", '
               '"disfluency_removal_enabled": true, "language_hints": ["zh", "en"], '
               '"semantic_punctuation_enabled": false, "max_sentence_silence": 800, '
               '"heartbeat": true, "pre_task_id": "abc", "x_anything": {"a": [1]}}, "input": {}, '
               '"task": "asr", "task_group": "audio", "function": "recognition", '
               '"resources": [{"resource_id": "phrase-abc", "resource_type": "asr_phrase"}]}}' % tid)
        await d.ws.send(raw)
        check_task_started(await d.recv(), tid)
        d.task_id = tid
        res = await d.finish()
        assert res == [], "no audio, no results expected (except none): %s" % d.log
        await d.close()


async def test_final_begin_end_id_usage_before_finish(ctx):
    path = ctx.write_script(["First sentence here.", "Second one."])
    async with ctx.emulator("--script", path) as e:
        d = await Duplex.open(e)
        await d.start()
        await d.send_audio(audio(("s", 500), ("t", 1000), ("s", 1400)))  # 2900 ms
        msgs = await until_finals(d, 1)
        s = msgs[-1]["payload"]["output"]["sentence"]
        assert s["text"] == "First sentence here.", dump(msgs[-1])
        assert abs(s["begin_time"] - 500) <= 10 and abs(s["end_time"] - 1500) <= 10, \
            "final must span the tone 500..1500 ms: %s" % dump(msgs[-1])
        assert s["sentence_id"] == 1, dump(msgs[-1])
        assert msgs[-1]["payload"]["usage"] == {"duration": 3}, \
            "usage.duration = ceil(2.9 s received): %s" % dump(msgs[-1])
        check_words_even(s, msgs[-1])
        await d.send_audio(audio(("t", 1000), ("s", 1400)))  # 5300 ms total
        msgs = await until_finals(d, 1)
        s = msgs[-1]["payload"]["output"]["sentence"]
        assert s["text"] == "Second one.", dump(msgs[-1])
        assert abs(s["begin_time"] - 2900) <= 10 and abs(s["end_time"] - 3900) <= 10, dump(msgs[-1])
        assert s["sentence_id"] == 2, dump(msgs[-1])
        assert msgs[-1]["payload"]["usage"] == {"duration": 6}, dump(msgs[-1])
        for m in msgs[:-1]:
            assert m["payload"]["output"]["sentence"]["sentence_id"] == 2, dump(m)
        res = await d.finish()
        assert finals(res) == [], "no open sentence, no final at finish: %s" % d.log
        await d.close()


async def test_finish_closes_open_sentence(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e)
        await d.start()
        await d.send_audio(audio(("s", 300), ("t", 1200)))
        res = await d.finish()
        for m in res:
            check_fun_sentence(m, d.task_id)
        f = finals(res)
        assert len(f) == 1, "finish-task must close the open sentence with a final; %s" % d.log
        assert abs(f[0]["begin_time"] - 300) <= 10 and abs(f[0]["end_time"] - 1500) <= 10, dump(f)
        assert res[-1]["payload"]["output"]["sentence"]["sentence_end"], \
            "the final must be the last result before task-finished; %s" % d.log
        assert res[-1]["payload"]["usage"] == {"duration": 2}, dump(res[-1])


async def test_interims_every_200ms_growing_prefix(ctx):
    path = ctx.write_script([LONG])
    async with ctx.emulator("--script", path) as e:
        d = await Duplex.open(e)
        await d.start()
        await d.send_audio(audio(("s", 200), ("t", 1000)))
        early = await d.collect(0.7)
        for m in early:
            check_fun_sentence(m, d.task_id)
        n_early = len(early)
        assert 3 <= n_early <= 6, \
            "after 1000 ms of speech ~5 interims must have arrived (before finish), got %d; %s" % (
                n_early, d.log)
        await d.send_audio(audio(("t", 1000)))
        res = early + await d.finish()
        for m in res:
            check_fun_sentence(m, d.task_id)
        inter = [s for s in sentences(res) if not s["sentence_end"]]
        fin = finals(res)
        assert len(fin) == 1 and fin[0]["text"] == LONG, d.log
        assert 8 <= len(inter) <= 11, \
            "2000 ms of speech → ~10 interims (one per ~200 ms), got %d; %s" % (len(inter), d.log)
        prev = 0
        final_words = latin_words(LONG)
        for s in inter:
            assert s["text"] != LONG, "an interim must never carry the complete text: %s" % dump(s)
            toks = s["text"].split()
            assert toks, "interim with empty text: %s" % dump(s)
            assert toks == LONG.split()[:len(toks)] or \
                [t for t, _ in latin_words(s["text"])] == [t for t, _ in final_words[:len(toks)]], \
                "interim text must be a word prefix of the sentence: %s" % dump(s)
            assert len(toks) >= prev, "interim prefixes must grow: %s" % d.log
            prev = len(toks)
            assert len(s["words"]) == len(toks), "interim words must cover the prefix: %s" % dump(s)
            assert [w["text"] for w in s["words"]] == [t for t, _ in final_words[:len(toks)]], \
                dump(s)
            assert s["sentence_id"] == fin[0]["sentence_id"], "interim id != final id: %s" % dump(s)
            assert s["begin_time"] == fin[0]["begin_time"], dump(s)
        assert len(inter[-1]["text"].split()) > len(inter[0]["text"].split()), \
            "interim prefixes must grow over 2 s of speech; %s" % d.log


async def test_words_latin_punctuation(ctx):
    text = "Speech recognition turns audio into text, one word at a time."
    path = ctx.write_script([text])
    async with ctx.emulator("--script", path) as e:
        d = await Duplex.open(e)
        await d.start()
        await d.send_audio(audio(("s", 100), ("t", 2200), ("s", 1400)))
        res = await d.finish()
        f = finals(res)
        assert len(f) == 1 and f[0]["text"] == text, d.log
        got = [(w["text"], w["punctuation"]) for w in f[0]["words"]]
        assert got == latin_words(text), "one word per Latin word, punctuation split off: %s" % (
            dump(f[0]))
        check_words_even(f[0])


async def test_words_cjk_per_character(ctx):
    text = "今天天气很好，我们去公园散步吧。"
    path = ctx.write_script([text])
    async with ctx.emulator("--script", path) as e:
        d = await Duplex.open(e)
        await d.start()
        await d.send_audio(audio(("s", 100), ("t", 2000), ("s", 1400)))
        res = await d.finish()
        for m in res:
            check_fun_sentence(m, d.task_id)
        f = finals(res)
        assert len(f) == 1 and f[0]["text"] == text, d.log
        ws = f[0]["words"]
        assert "".join(w["text"] + w["punctuation"] for w in ws) == text, dump(f[0])
        assert [w["text"] for w in ws] == [c for c in text if c not in "，。"], \
            "CJK words must be one per character: %s" % dump(f[0])
        assert ws[5]["punctuation"] == "，" and ws[-1]["punctuation"] == "。", dump(f[0])
        check_words_even(f[0])
        inter = [s for s in sentences(res) if not s["sentence_end"]]
        assert len(inter) >= 5, "expected interims during 2 s of speech; %s" % d.log
        prev = 0
        for s in inter:
            assert s["text"] and text.startswith(s["text"]) and s["text"] != text, \
                "CJK interim must be a proper character prefix: %s" % dump(s)
            assert len(s["text"]) >= prev, "interims must grow: %s" % d.log
            prev = len(s["text"])


async def test_sentence_ids_and_script_restart_per_task(ctx):
    path = ctx.write_script(["Alpha one.", "Bravo two."])
    async with ctx.emulator("--script", path) as e:
        d = await Duplex.open(e)
        for _ in range(2):
            await d.start()
            await d.send_audio(audio(("t", 500), ("s", 1400), ("t", 500), ("s", 1400)))
            f = finals(await d.finish())
            assert [(s["sentence_id"], s["text"]) for s in f] == [(1, "Alpha one."),
                                                                  (2, "Bravo two.")], d.log
        await d.close()


async def test_script_wraps_and_ignores_empty_lines(ctx):
    path = ctx.write_script(["", "Alpha one.", "", "  ", "Bravo two.", ""])
    async with ctx.emulator("--script", path) as e:
        d = await Duplex.open(e)
        await d.start()
        await d.send_audio(audio(*([("t", 400), ("s", 1400)] * 3)))
        f = finals(await d.finish())
        texts = [s["text"] for s in f]
        assert texts[0] == "Alpha one." and texts[1] == "Bravo two." and texts[2] == "Alpha one.", \
            "script must skip empty lines and wrap around: %s" % texts
        assert [s["sentence_id"] for s in f] == [1, 2, 3], d.log
        await d.close()


async def test_placeholder_sentences_without_script(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e)
        await d.start()
        await d.send_audio(audio(("t", 400), ("s", 1400), ("t", 400), ("s", 1400)))
        f = finals(await d.finish())
        norm = [s["text"].lower().rstrip(".") for s in f]
        assert norm == ["sentence 1", "sentence 2"], \
            "without --script the sentences are 'sentence 1', 'sentence 2': %s" % [s["text"]
                                                                                     for s in f]
        await d.close()


async def test_max_sentence_silence(ctx):
    pcm = audio(("t", 500), ("s", 600), ("t", 500), ("s", 1400))
    async with ctx.emulator() as e:
        for params, want in (({}, 1), ({"max_sentence_silence": 400}, 2),
                             ({"max_sentence_silence": 200}, 2), ({"max_sentence_silence": 6000},
                                                                  1)):
            d = await Duplex.open(e)
            await d.start(parameters=params)
            await d.send_audio(pcm)
            f = finals(await d.finish())
            assert len(f) == want, "%s: 500 ms gap must give %d sentence(s); %s" % (params, want,
                                                                                    d.log)
            if want == 2:
                assert abs(f[0]["end_time"] - 500) <= 10 and abs(f[1]["begin_time"] - 1100) <= 10, \
                    dump(f)
            await d.close()


async def test_vad_energy_threshold(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e)
        await d.start()
        await d.send_audio(tone(1500, amp=350))  # RMS ~247 < 300: not speech
        res = await d.finish()
        assert sentences(res) == [], "RMS 247 must not be speech; %s" % d.log
        d2 = await Duplex.open(e)
        await d2.start()
        await d2.send_audio(silence(200) + tone(800, amp=600) + silence(200))  # RMS ~424
        f = finals(await d2.finish())
        assert len(f) == 1 and abs(f[0]["begin_time"] - 200) <= 10, "RMS 424 is speech; %s" % d2.log
        await d.close()
        await d2.close()


async def test_frames_of_any_size(ctx):
    pcm = audio(("s", 330), ("t", 770), ("s", 400))
    async with ctx.emulator() as e:
        d = await Duplex.open(e)
        await d.start()
        pos = 0
        for size in [1, 7, 2, 33, 3199, 1] * 4 + [40000]:
            await d.ws.send(pcm[pos:pos + size])
            pos += size
        await d.ws.send(pcm[pos:])
        f = finals(await d.finish())
        assert len(f) == 1, d.log
        assert abs(f[0]["begin_time"] - 330) <= 10 and abs(f[0]["end_time"] - 1100) <= 10, \
            "odd-sized frames must be reassembled into the same PCM: %s" % dump(f)


async def test_paraformer_8k_emotion_and_8k_timing(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e)
        await d.start(model="paraformer-realtime-8k-v2", parameters={"sample_rate": 8000})
        await d.send_audio(audio(("s", 500), ("t", 1000), ("s", 1400), rate=8000), chunk=1600)
        res = await d.finish()
        for m in res:
            check_fun_sentence(m, d.task_id, emo=True)
        f = finals(res)
        assert len(f) == 1, d.log
        assert abs(f[0]["begin_time"] - 500) <= 10 and abs(f[0]["end_time"] - 1500) <= 10, \
            "times at 8 kHz must use the run-task sample_rate: %s" % dump(f)
        # other models' finals have no emo members (exact key sets are checked)
        d2 = await Duplex.open(e)
        await d2.start(model="paraformer-realtime-v2")
        await d2.send_audio(audio(("t", 500), ("s", 200)))
        for m in await d2.finish():
            check_fun_sentence(m, d2.task_id, emo=False)


async def test_all_duplex_models_accepted(ctx):
    models = ["fun-asr-realtime", "fun-asr-realtime-2025-11-07", "fun-asr-realtime-2025-09-15",
              "fun-asr-flash-8k-realtime", "fun-asr-flash-8k-realtime-2026-01-28",
              "paraformer-realtime-v2", "paraformer-realtime-v1", "paraformer-realtime-8k-v2",
              "paraformer-realtime-8k-v1", "gummy-realtime-v1", "gummy-chat-v1"]
    async with ctx.emulator() as e:
        d = await Duplex.open(e)
        for m in models:
            rate = 8000 if "8k" in m else 16000
            await d.start(model=m, parameters={"sample_rate": rate})
            res = await d.finish()
            assert res == [], "%s: no audio, no results; %s" % (m, d.log)
        await d.close()


async def test_fun_result_shape_exact(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e)
        await d.start()
        await d.send_audio(audio(("t", 1000), ("s", 1400)))
        res = await d.finish()
        assert res, d.log
        for m in res:
            s = check_fun_sentence(m, d.task_id)
            assert s["heartbeat"] is False, "heartbeat off by default: %s" % dump(m)
        assert len(finals(res)) == 1, d.log


@timeout(20)
async def test_heartbeats_during_silence(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e)
        await d.start(parameters={"heartbeat": True})
        await d.send_audio(silence(3500), chunk=1600)
        await d.send_audio(audio(("t", 1500), ("s", 500)))
        res = await d.finish()
        hb = []
        for m in res:
            s = check_fun_sentence(m, d.task_id)
            if s["heartbeat"]:
                assert m["payload"] == {
                    "output": {"sentence": {"sentence_id": 0, "begin_time": s["begin_time"],
                                            "end_time": None, "text": "", "heartbeat": True,
                                            "sentence_end": False, "words": []}},
                    "usage": None}, "heartbeat shape: %s" % dump(m)
                hb.append(s["begin_time"])
        assert len(hb) == 3, "3500 ms of silence → 3 heartbeats (one per 1000 ms), got %s; %s" % (
            hb, d.log)
        for i, b in enumerate(hb):
            assert abs(b - 1000 * (i + 1)) <= 100, "heartbeat B must be the audio ms: %s" % hb
        assert len(finals(res)) == 1, d.log
        d2 = await Duplex.open(e)
        await d2.start()
        await d2.send_audio(silence(3500))
        res = await d2.finish()
        assert res == [], "no heartbeats unless heartbeat:true; %s" % d2.log


async def test_continue_task_ignored(ctx):
    path = ctx.write_script(["Hello world."])
    async with ctx.emulator("--script", path) as e:
        d = await Duplex.open(e)
        await d.start()
        await d.send_audio(audio(("t", 500)))
        await d.send_json({"header": {"action": "continue-task", "task_id": d.task_id,
                                      "streaming": "duplex"},
                           "payload": {"input": {"context": [
                               {"role": "user",
                                "content": [{"type": "input_text", "text": "terms"}]}]}}})
        await d.send_audio(audio(("t", 500), ("s", 300)))
        f = finals(await d.finish())
        assert len(f) == 1 and f[0]["text"] == "Hello world.", d.log
        assert abs(f[0]["end_time"] - 1000) <= 10, "continue-task must not disturb audio: %s" % dump(
            f)


async def test_new_task_ids_echoed_in_every_event(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e)
        tid = "2bf83b9a-baeb-4fda-8d9a-xxxxxxxxxxxx"
        await d.send_json(run_task_msg(tid))
        msg = await d.recv()
        check_task_started(msg, tid)
        d.task_id = tid
        await d.send_audio(audio(("t", 600), ("s", 100)))
        for m in await d.finish():
            check_fun_sentence(m, tid)
        await d.close()


async def test_script_translation_part_not_in_transcript(ctx):
    path = ctx.write_script(["Hello there.\tBonjour.", "Second.\tDeuxieme."])
    async with ctx.emulator("--script", path) as e:
        d = await Duplex.open(e)
        await d.start()
        await d.send_audio(audio(("t", 500), ("s", 1400), ("t", 500), ("s", 200)))
        res = await d.finish()
        assert [s["text"] for s in finals(res)] == ["Hello there.", "Second."], \
            "the TAB part is the translation, not transcript text: %s" % d.log
        for s in sentences(res):
            assert "\t" not in s["text"] and "Bonjour" not in s["text"], dump(s)
