"""Qwen-Omni realtime conversation (qwen3-omni-flash-realtime, protocol.md §11): the session the
official Python SDK's OmniRealtimeConversation opens (update_session(output_modalities=[TEXT],
instructions=...) sends exactly OMNI_SDK_UPDATE), one answer per VAD turn with the full response
event sequence, the documented session rules, session.finish -> session.finished."""

from emu import Realtime, assert_keys, audio, check_rt_error, check_rt_event, dump, is_int, is_str

MODEL = "qwen3-omni-flash-realtime"
PROMPT = ("Transcribe the following audio exactly as spoken. Output only the transcription text. "
          "Ignore non-speech sounds.")
# OmniRealtimeConversation.update_session(output_modalities=[MultiModality.TEXT],
# instructions=PROMPT) with its defaults (dashscope 1.26.2, omni_realtime.py).
OMNI_SDK_UPDATE = {"modalities": ["text"], "voice": None, "input_audio_format": "pcm16",
                   "output_audio_format": "pcm16", "input_audio_transcription": {"model": None},
                   "turn_detection": {"type": "server_vad", "threshold": 0.2,
                                      "prefix_padding_ms": 300, "silence_duration_ms": 800},
                   "instructions": PROMPT}
ANSWER = ["response.created", "response.output_item.added", "response.content_part.added",
          "response.text.delta", "response.text.done", "response.content_part.done",
          "response.output_item.done", "response.done"]
INPUT_DONE = "conversation.item.input_audio_transcription.completed"


async def open_omni(e, model=MODEL, faults=None):
    rt = await Realtime.open(e, model=model, faults=faults, expect_created=False)
    rt.created = await rt.recv()
    check_rt_event(rt.created, "session.created", ["session"])
    assert rt.created["session"]["model"] == model, dump(rt.created)
    return rt


def check_answer(evs, text):
    """The events of one answer (response.created .. response.done, input transcription events
    may interleave); returns the response.done event."""
    types = [t for t in (e["type"] for e in evs) if t != INPUT_DONE]
    collapsed = [t for i, t in enumerate(types) if i == 0 or t != types[i - 1]]
    assert collapsed == ANSWER, "answer event order: %s" % types
    rid = evs[0]["response"]["id"]
    assert is_str(rid) and rid.startswith("resp_"), dump(evs[0])
    assert evs[0]["response"]["status"] == "in_progress", dump(evs[0])
    deltas = ""
    item_id = None
    for ev in evs:
        t = ev["type"]
        if t == INPUT_DONE:
            continue
        if t != "response.created" and t != "response.done":
            assert ev["response_id"] == rid, dump(ev)
        if t == "response.output_item.added":
            item_id = ev["item"]["id"]
            assert ev["item"]["role"] == "assistant", dump(ev)
        elif t in ("response.content_part.added", "response.text.delta", "response.text.done",
                   "response.content_part.done"):
            assert ev["item_id"] == item_id and ev["content_index"] == 0, dump(ev)
        if t == "response.text.delta":
            check_rt_event(ev, t, ["response_id", "item_id", "output_index", "content_index",
                                   "delta"])
            deltas += ev["delta"]
        elif t == "response.text.done":
            assert ev["text"] == text == deltas, "text.done %r, deltas %r, script %r" % (
                ev["text"], deltas, text)
    done = evs[-1]
    resp = done["response"]
    assert resp["id"] == rid and resp["status"] == "completed", dump(done)
    assert resp["output"][0]["content"] == [{"type": "text", "text": text}], dump(done)
    usage = resp["usage"]
    assert_keys(usage, ["total_tokens", "input_tokens", "output_tokens"],
                ["input_tokens_details", "output_tokens_details"], where="usage", whole=done)
    assert all(is_int(usage[k]) and usage[k] > 0 for k in ("input_tokens", "output_tokens"))
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"], dump(done)
    return done


async def test_sdk_conversation_one_answer_per_turn(ctx):
    lines = ["Hello world, this is a test.", "Second utterance here."]
    path = ctx.write_script(lines)
    async with ctx.emulator("--script", path) as e:
        rt = await open_omni(e)
        _, ev = await rt.update(OMNI_SDK_UPDATE)
        s = ev["session"]
        assert s["instructions"] == PROMPT and s["modalities"] == ["text"], dump(ev)
        assert s["turn_detection"]["create_response"] is True, dump(ev)
        await rt.append(audio(("s", 500), ("t", 1200), ("s", 1000), ("t", 800), ("s", 1000)))
        answers = []
        for line in lines:
            evs = await rt.until("response.done")
            head = [x["type"] for x in evs[:evs.index(next(
                x for x in evs if x["type"] == "response.created"))]]
            assert head[:2] == ["input_audio_buffer.speech_started",
                                "input_audio_buffer.speech_stopped"], head
            assert "conversation.item.input_audio_transcription.text" not in head, head
            start = next(i for i, x in enumerate(evs) if x["type"] == "response.created")
            answers.append(check_answer(evs[start:], line))
            # The SDK asked for input transcription ({"model": null}): it interleaves.
            assert [x["transcript"] for x in evs if x["type"] == INPUT_DONE] == [line], \
                [x["type"] for x in evs]
        assert answers[0]["response"]["id"] != answers[1]["response"]["id"]
        await rt.send({"type": "session.finish"})
        check_rt_event(await rt.recv(), "session.finished")
        await rt.close()


async def test_no_input_transcription_when_disabled(ctx):
    path = ctx.write_script(["Only the answer."])
    async with ctx.emulator("--script", path) as e:
        rt = await open_omni(e)
        _, ev = await rt.update(OMNI_SDK_UPDATE | {"input_audio_transcription": None})
        assert ev["session"]["input_audio_transcription"] is None, dump(ev)
        await rt.append(audio(("s", 300), ("t", 900), ("s", 1000)))
        evs = await rt.until("response.done")
        assert INPUT_DONE not in [x["type"] for x in evs], [x["type"] for x in evs]
        await rt.send({"type": "session.finish"})
        check_rt_event(await rt.recv(), "session.finished")
        await rt.close()


async def test_session_rules(ctx):
    cases = [({"modalities": ["audio"]}, "session.modalities"),
             ({"modalities": "text"}, "session.modalities"),
             ({"modalities": ["text", "video"]}, "session.modalities"),
             ({"instructions": 5}, "session.instructions"),
             ({"input_audio_format": "opus"}, "session.input_audio_format"),
             ({"sample_rate": 8000}, "session.sample_rate"),
             ({"turn_detection": {"type": "server_vad", "create_response": "yes"}},
              "session.turn_detection.create_response")]
    async with ctx.emulator() as e:
        for session, param in cases:
            rt = await open_omni(e)
            eid, ev = await rt.update(session, expect=None)
            err = check_rt_error(ev, code="invalid_value", param=param, client_event_id=eid)
            assert err["type"] == "invalid_request_error", dump(ev)
            await rt.close()
        # The ASR model keeps its own rules: no instructions member is echoed.
        rt = await Realtime.open(e)
        _, ev = await rt.update({"modalities": ["text"]})
        assert "instructions" not in ev["session"], dump(ev)
        await rt.close()


async def test_response_create_rules_and_manual_mode(ctx):
    path = ctx.write_script(["Committed by hand."])
    async with ctx.emulator("--script", path) as e:
        rt = await open_omni(e)
        await rt.update(OMNI_SDK_UPDATE)
        eid = await rt.send({"type": "response.create", "response": {}})
        check_rt_error(await rt.recv(), code="invalid_value", client_event_id=eid)
        await rt.close()

        rt = await open_omni(e)
        await rt.update(OMNI_SDK_UPDATE | {"turn_detection": None,
                                           "input_audio_transcription": None})
        await rt.append(audio(("s", 200), ("t", 900), ("s", 300)))
        await rt.send({"type": "input_audio_buffer.commit"})
        evs = await rt.until("conversation.item.created")
        assert [x["type"] for x in evs] == ["input_audio_buffer.committed",
                                             "conversation.item.created"], evs
        await rt.send({"type": "response.create", "response": {"instructions": None}})
        check_answer(await rt.until("response.done"), "Committed by hand.")
        await rt.send({"type": "session.finish"})
        check_rt_event(await rt.recv(), "session.finished")
        await rt.close()
