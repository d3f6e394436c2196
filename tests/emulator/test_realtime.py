"""Realtime family (qwen3-asr-flash-realtime): session lifecycle, VAD and Manual modes, errors."""

from emu import (Realtime, assert_keys, assert_silent, audio, check_rt_error, check_rt_event,
                 check_session, dump, is_int, is_str, timeout)

EMOTIONS = {"surprised", "neutral", "happy", "sad", "disgusted", "angry", "fearful"}
TEXT_EV = "conversation.item.input_audio_transcription.text"
DONE_EV = "conversation.item.input_audio_transcription.completed"

SDK_UPDATE = {"modalities": ["text"], "voice": None, "input_audio_format": "pcm",
              "output_audio_format": "pcm16",
              "input_audio_transcription": {"language": "zh", "corpus": {"text": "terms"}},
              "turn_detection": {"type": "server_vad", "threshold": 0.2, "prefix_padding_ms": 300,
                                 "silence_duration_ms": 800},
              "sample_rate": 16000}


def check_item_events(evs, transcript, language=None, vad=True):
    """Checks the events of one utterance; returns item_id. evs: events of that utterance only."""
    types = [e["type"] for e in evs]
    want_head = (["input_audio_buffer.speech_started"] if vad else [])
    core = ["input_audio_buffer.committed", "conversation.item.created"]
    if vad:
        texts_before = types[1:types.index("input_audio_buffer.speech_stopped")]
        assert set(texts_before) <= {TEXT_EV}, "only .text between started/stopped: %s" % types
        i = types.index("input_audio_buffer.speech_stopped")
        assert types[:1] == want_head, "utterance must begin with speech_started: %s" % types
        assert types[i + 1:i + 3] == core, "stopped → committed → item.created expected: %s" % types
        tail = types[i + 3:]
    else:
        assert types[:2] == core, "manual commit → committed, item.created first: %s" % types
        tail = types[2:]
    assert tail and tail[-1] == DONE_EV and set(tail[:-1]) <= {TEXT_EV}, \
        "…then .text events and .completed last: %s" % types
    item_id = None
    for ev in evs:
        t = ev["type"]
        if t == "input_audio_buffer.speech_started":
            check_rt_event(ev, t, ["audio_start_ms", "item_id"])
            assert is_int(ev["audio_start_ms"]) and is_str(ev["item_id"]), dump(ev)
            item_id = ev["item_id"]
        elif t == "input_audio_buffer.speech_stopped":
            check_rt_event(ev, t, ["audio_end_ms", "item_id"])
            assert is_int(ev["audio_end_ms"]) and ev["item_id"] == item_id, dump(ev)
        elif t == "input_audio_buffer.committed":
            check_rt_event(ev, t, ["previous_item_id", "item_id"])
            assert is_str(ev["item_id"]) and ev["item_id"], dump(ev)
            assert ev["previous_item_id"] is None or is_str(ev["previous_item_id"]), dump(ev)
            if item_id is None:
                item_id = ev["item_id"]
            assert ev["item_id"] == item_id, "committed.item_id mismatch: %s" % dump(ev)
        elif t == "conversation.item.created":
            check_rt_event(ev, t, ["previous_item_id", "item"])
            assert ev["item"] == {"id": item_id, "object": "realtime.item", "type": "message",
                                  "status": "in_progress", "role": "user",
                                  "content": [{"type": "input_audio", "transcript": None}]}, \
                "item.created shape: %s" % dump(ev)
        elif t == TEXT_EV:
            check_rt_event(ev, t, ["item_id", "content_index", "language", "emotion", "text",
                                   "stash"])
            assert ev["item_id"] == item_id and ev["content_index"] == 0, dump(ev)
            assert is_str(ev["text"]) and is_str(ev["stash"]), dump(ev)
            assert ev["emotion"] in EMOTIONS, dump(ev)
            assert transcript.startswith(ev["text"]), \
                "text must be a prefix of the transcript %r: %s" % (transcript, dump(ev))
            joined = [ev["text"] + ev["stash"], ev["text"] + " " + ev["stash"],
                      (ev["text"] + " " + ev["stash"]).strip()]
            assert any(transcript.startswith(j) for j in joined), \
                "text + stash must continue the transcript %r: %s" % (transcript, dump(ev))
            if language:
                assert ev["language"] == language, dump(ev)
        elif t == DONE_EV:
            check_rt_event(ev, t, ["item_id", "content_index", "language", "emotion",
                                   "transcript"])
            assert ev["item_id"] == item_id and ev["content_index"] == 0, dump(ev)
            assert ev["emotion"] == "neutral", dump(ev)
            assert ev["transcript"] == transcript, "transcript %r expected: %s" % (transcript,
                                                                                   dump(ev))
            if language:
                assert ev["language"] == language, dump(ev)
    texts = [e for e in evs if e["type"] == TEXT_EV]
    prev = -1
    for ev in texts:
        assert len(ev["text"]) >= prev, "confirmed text must grow: %s" % [e["text"] for e in texts]
        prev = len(ev["text"])
    return item_id, evs


async def test_session_created_defaults(ctx):
    async with ctx.emulator() as e:
        for model in ("qwen3-asr-flash-realtime", "qwen3-asr-flash-realtime-2026-02-10",
                      "qwen3-asr-flash-realtime-2025-10-27"):
            rt = await Realtime.open(e, model=model)
            s = check_session(rt.created, "session.created", model)
            assert s["input_audio_format"] == "pcm" and s["sample_rate"] == 16000, dump(rt.created)
            assert s["input_audio_transcription"] == {}, dump(rt.created)
            assert s["turn_detection"] == {"type": "server_vad", "threshold": 0.2,
                                           "silence_duration_ms": 800}, dump(rt.created)
            await rt.close()


async def test_session_update_merges_and_tolerates_extra_keys(ctx):
    async with ctx.emulator() as e:
        rt = await Realtime.open(e)
        _, ev = await rt.update(SDK_UPDATE)
        s = check_session(ev, "session.updated", rt.model)
        assert s["id"] == rt.created["session"]["id"], "same session id: %s" % dump(ev)
        assert s["input_audio_transcription"].get("language") == "zh", dump(ev)
        assert s["turn_detection"]["type"] == "server_vad" and \
            s["turn_detection"]["silence_duration_ms"] == 800 and \
            s["turn_detection"]["threshold"] == 0.2, dump(ev)
        _, ev = await rt.update({"sample_rate": 8000,
                                 "turn_detection": {"type": "server_vad", "threshold": 0.0,
                                                    "silence_duration_ms": 400}})
        s = check_session(ev, "session.updated", rt.model)
        assert s["sample_rate"] == 8000, dump(ev)
        assert s["input_audio_transcription"].get("language") == "zh", \
            "omitted fields keep their values (merge): %s" % dump(ev)
        assert s["turn_detection"]["silence_duration_ms"] == 400 and \
            s["turn_detection"]["threshold"] == 0.0, dump(ev)
        assert s["input_audio_format"] == "pcm", dump(ev)
        await rt.close()
        rt = await Realtime.open(e)
        _, ev = await rt.update({"input_audio_format": "opus", "sample_rate": 16000})
        assert check_session(ev, "session.updated", rt.model)["input_audio_format"] == "opus", \
            dump(ev)
        await rt.close()


async def test_session_update_bad_values(ctx):
    cases = [({"sample_rate": 44100}, "session.sample_rate"),
             ({"sample_rate": "16000"}, "session.sample_rate"),
             ({"input_audio_format": "mp3"}, "input_audio_format"),
             ({"turn_detection": {"type": "server_vad", "silence_duration_ms": 100}},
              "silence_duration_ms"),
             ({"turn_detection": {"type": "server_vad", "silence_duration_ms": 7000}},
              "silence_duration_ms")]
    async with ctx.emulator() as e:
        for session, param in cases:
            rt = await Realtime.open(e)
            eid, ev = await rt.update(session, expect=None)
            err = check_rt_error(ev, code="invalid_value", client_event_id=eid)
            assert err["type"] == "invalid_request_error", dump(ev)
            if param.startswith("session."):
                assert err["param"] == param, dump(ev)
            else:
                assert is_str(err["param"]) and err["param"].startswith("session.") and \
                    param in err["param"], "param must name %s: %s" % (param, dump(ev))
            await rt.close()


async def test_vad_mode_event_sequence(ctx):
    lines = ["Hello world, this is a test.", "Second utterance here."]
    path = ctx.write_script(lines)
    async with ctx.emulator("--script", path) as e:
        rt = await Realtime.open(e)
        await rt.update(SDK_UPDATE | {"input_audio_transcription": {}})
        await rt.append(audio(("s", 500), ("t", 1200), ("s", 1000), ("t", 800), ("s", 1000)))
        first = await rt.until(DONE_EV)
        second = await rt.until(DONE_EV)
        id1, _ = check_item_events(first, lines[0], "en")
        id2, _ = check_item_events(second, lines[1], "en")
        assert id1 != id2, "distinct item ids"
        st = first[0]
        assert abs(st["audio_start_ms"] - 500) <= 10, "speech_started at the speech: %s" % dump(st)
        stop = [x for x in first if x["type"] == "input_audio_buffer.speech_stopped"][0]
        assert 1690 <= stop["audio_end_ms"] <= 2510, "speech_stopped.audio_end_ms: %s" % dump(stop)
        assert abs(second[0]["audio_start_ms"] - 2700) <= 10, dump(second[0])
        c2 = [x for x in second if x["type"] == "input_audio_buffer.committed"][0]
        assert c2["previous_item_id"] == id1, "previous_item_id chains items: %s" % dump(c2)
        assert 4 <= len([x for x in first if x["type"] == TEXT_EV]) <= 7, \
            "interim .text about every 200 ms of speech: %s" % [x["type"] for x in first]
        await rt.send({"type": "session.finish"})
        ev = await rt.recv()
        check_rt_event(ev, "session.finished")
        ids = [x["event_id"] for x in rt.log.items]
        assert len(ids) == len(set(ids)), "server event_ids must be unique"
        await rt.close()


async def test_silence_duration_splits(ctx):
    pcm = audio(("t", 500), ("s", 500), ("t", 500), ("s", 1000))
    async with ctx.emulator() as e:
        for td, want in ((None, 1), ({"type": "server_vad", "silence_duration_ms": 300}, 2)):
            rt = await Realtime.open(e)
            if td:
                await rt.update({"turn_detection": td})
            await rt.append(pcm)
            evs = []
            for _ in range(want):
                evs += await rt.until(DONE_EV)
            await rt.send({"type": "session.finish"})
            evs += await rt.until("session.finished")
            n = len([x for x in evs if x["type"] == DONE_EV])
            assert n == want, "turn_detection %s: %d utterances expected: %s" % (
                td, want, [x["type"] for x in evs])
            await rt.close()


async def test_manual_mode_commit(ctx):
    lines = ["Manual one.", "Manual two."]
    path = ctx.write_script(lines)
    async with ctx.emulator("--script", path) as e:
        rt = await Realtime.open(e)
        _, ev = await rt.update({"turn_detection": None})
        assert ev["session"]["turn_detection"] is None, "manual mode echoes null: %s" % dump(ev)
        await rt.append(audio(("s", 200), ("t", 800), ("s", 1500)))
        await assert_silent(rt.ws, 0.8, rt.log)
        await rt.send({"type": "input_audio_buffer.commit"})
        first = await rt.until(DONE_EV)
        id1, _ = check_item_events(first, lines[0], vad=False)
        await rt.append(audio(("t", 500)))
        await assert_silent(rt.ws, 0.5, rt.log)
        await rt.send({"type": "input_audio_buffer.commit"})
        second = await rt.until(DONE_EV)
        id2, _ = check_item_events(second, lines[1], vad=False)
        assert second[0]["previous_item_id"] == id1 and id1 != id2, dump(second[0])
        await rt.send({"type": "session.finish"})
        check_rt_event(await rt.recv(), "session.finished")
        await rt.close()


async def test_commit_in_vad_mode_is_an_error(ctx):
    async with ctx.emulator() as e:
        rt = await Realtime.open(e)
        await rt.append(audio(("s", 300)))
        eid = await rt.send({"type": "input_audio_buffer.commit"})
        ev = await rt.recv()
        err = check_rt_error(ev, client_event_id=eid)
        assert err["type"] == "invalid_request_error", dump(ev)
        assert "server_vad" in err["message"], "message must say commit is not allowed in " \
            "server_vad mode: %s" % dump(ev)
        await rt.close()


async def test_session_finish_completes_open_utterance(ctx):
    path = ctx.write_script(["Unfinished business."])
    async with ctx.emulator("--script", path) as e:
        rt = await Realtime.open(e)
        await rt.append(audio(("s", 200), ("t", 1000)))
        await rt.send({"type": "session.finish"})
        evs = await rt.until("session.finished")
        done = [x for x in evs if x["type"] == DONE_EV]
        assert len(done) == 1 and done[0]["transcript"] == "Unfinished business.", \
            "pending .completed before session.finished: %s" % [x["type"] for x in evs]
        assert evs[-1] == {"event_id": evs[-1]["event_id"], "type": "session.finished"}, dump(evs[-1])
        await assert_silent(rt.ws, 0.3, rt.log)
        await rt.close()


async def test_session_finish_without_speech(ctx):
    async with ctx.emulator() as e:
        rt = await Realtime.open(e)
        await rt.update({"turn_detection": {"type": "server_vad"}})
        await rt.append(audio(("s", 500)))
        await rt.send({"type": "session.finish"})
        ev = await rt.recv()
        check_rt_event(ev, "session.finished")
        await rt.close()


async def test_language_echo_and_default(ctx):
    async with ctx.emulator("--script", ctx.write_script(["Bonjour tout le monde."], "fr.txt")) as e:
        rt = await Realtime.open(e)
        await rt.update({"input_audio_transcription": {"language": "fr"}})
        await rt.append(audio(("t", 800), ("s", 1000)))
        check_item_events(await rt.until(DONE_EV), "Bonjour tout le monde.", "fr")
        await rt.close()
    async with ctx.emulator("--script", ctx.write_script(["语音识别可以把声音变成文字。"],
                                                         "zh.txt")) as e:
        rt = await Realtime.open(e)
        await rt.append(audio(("t", 1200), ("s", 1000)))
        check_item_events(await rt.until(DONE_EV), "语音识别可以把声音变成文字。", "zh")
        await rt.close()


async def test_8k_session_timing(ctx):
    async with ctx.emulator() as e:
        rt = await Realtime.open(e)
        await rt.update({"sample_rate": 8000})
        await rt.append(audio(("s", 500), ("t", 1000), ("s", 1000), rate=8000), chunk=1600)
        evs = await rt.until(DONE_EV)
        assert abs(evs[0]["audio_start_ms"] - 500) <= 10, "8 kHz audio time: %s" % dump(evs[0])
        await rt.close()


@timeout(15)
async def test_no_events_while_silent_and_ids(ctx):
    async with ctx.emulator() as e:
        rt = await Realtime.open(e)
        await rt.append(audio(("s", 2000)))
        await assert_silent(rt.ws, 0.5, rt.log)
        await rt.send({"type": "session.finish"})
        ev = await rt.recv()
        assert_keys(ev, ["event_id", "type"])
        check_rt_event(ev, "session.finished")
        await rt.close()


async def test_script_translation_part_not_in_transcript(ctx):
    path = ctx.write_script(["Hello there.\tBonjour."])
    async with ctx.emulator("--script", path) as e:
        for _ in range(2):  # every session starts again from the first line
            rt = await Realtime.open(e)
            await rt.append(audio(("t", 700), ("s", 1000)))
            check_item_events(await rt.until(DONE_EV), "Hello there.", "en")
            await rt.close()


async def test_manual_commit_is_one_item_of_every_sentence(ctx):
    # The service transcribes the whole committed buffer as one item: two sentences spoken
    # before one commit give one transcript holding both.
    lines = ["First sentence.", "Second sentence.", "Third sentence."]
    path = ctx.write_script(lines)
    async with ctx.emulator("--script", path) as e:
        rt = await Realtime.open(e)
        await rt.update({"turn_detection": None})
        await rt.append(audio(("s", 200), ("t", 600), ("s", 1200), ("t", 600), ("s", 1200)))
        await assert_silent(rt.ws, 0.5, rt.log)
        await rt.send({"type": "input_audio_buffer.commit"})
        first = await rt.until(DONE_EV)
        id1, _ = check_item_events(first, lines[0] + " " + lines[1], vad=False)
        assert len([x for x in first if x["type"] == DONE_EV]) == 1, dump(first)
        await rt.append(audio(("t", 500), ("s", 300)))
        await rt.send({"type": "input_audio_buffer.commit"})
        second = await rt.until(DONE_EV)
        check_item_events(second, lines[2], vad=False)
        await rt.send({"type": "session.finish"})
        check_rt_event(await rt.recv(), "session.finished")
        await rt.close()


@timeout(20)
async def test_finish_before_speech_started_ends_without_transcript(ctx):
    # Seed 003: a session.finish sent before the service returned speech_started gets
    # session.finished and no transcript. slow:1 listens at real time, so the speech 300 ms
    # into the audio is not heard yet when the finish arrives at once.
    path = ctx.write_script(["Never heard."])
    async with ctx.emulator("--script", path) as e:
        rt = await Realtime.open(e, faults="slow:1")
        await rt.update({"turn_detection": {"type": "server_vad", "silence_duration_ms": 400}})
        await rt.append(audio(("s", 300), ("t", 1000), ("s", 1000)))
        await rt.send({"type": "session.finish"})
        ev = await rt.recv(timeout=3)
        check_rt_event(ev, "session.finished")
        await assert_silent(rt.ws, 2.5, rt.log)
        await rt.close()


@timeout(20)
async def test_finish_after_speech_started_completes_the_speech(ctx):
    # The same audio, but the finish waits for speech_started: the service finishes
    # recognition and sends the transcript before session.finished.
    path = ctx.write_script(["Heard in time."])
    async with ctx.emulator("--script", path) as e:
        rt = await Realtime.open(e, faults="slow:1")
        await rt.update({"turn_detection": {"type": "server_vad", "silence_duration_ms": 400}})
        await rt.append(audio(("s", 300), ("t", 1000), ("s", 1000)))
        ev = await rt.recv(timeout=3)
        assert ev["type"] == "input_audio_buffer.speech_started", dump(ev)
        await rt.send({"type": "session.finish"})
        evs = await rt.until("session.finished", timeout=5)
        done = [x for x in evs if x["type"] == DONE_EV]
        assert [x["transcript"] for x in done] == ["Heard in time."], \
            "the transcript before session.finished: %s" % [x["type"] for x in evs]
        await rt.close()
