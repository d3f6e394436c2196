"""Gummy (gummy-realtime-v1, gummy-chat-v1): transcription/translations shapes, ids from 0,
max_end_silence, translation texts, gummy-chat one sentence and 60 s limit."""

import websockets

from emu import (Duplex, audio, check_gummy_result, check_task_failed, dump, expect_closed,
                 silence, timeout)

ZH = "今天天气很好，我们去公园散步吧。"
EN_TR = "The weather is nice today, let's take a walk in the park."


def _parts(results, key):
    out = []
    for m in results:
        o = m["payload"]["output"]
        if key == "transcription" and key in o:
            out.append(o[key])
        elif key == "translations" and key in o:
            out += o[key]
    return out


async def test_gummy_realtime_transcription_and_translation_shapes(ctx):
    path = ctx.write_script([ZH + "\t" + EN_TR, "语音识别可以把声音变成文字。"])
    async with ctx.emulator("--script", path) as e:
        d = await Duplex.open(e)
        await d.start(model="gummy-realtime-v1",
                      parameters={"source_language": None, "transcription_enabled": True,
                                  "translation_enabled": True,
                                  "translation_target_languages": ["en"]})
        await d.send_audio(audio(("s", 300), ("t", 1500), ("s", 1000)))
        res = await d.finish()
        for m in res:
            check_gummy_result(m, d.task_id)
        tr = _parts(res, "transcription")
        tl = _parts(res, "translations")
        ftr = [p for p in tr if p["sentence_end"]]
        ftl = [p for p in tl if p["sentence_end"]]
        assert len(ftr) == 1 and len(ftl) == 1, "one final transcription + translation; %s" % d.log
        assert ftr[0]["text"] == ZH and ftr[0]["sentence_id"] == 0, \
            "Gummy sentence ids start at 0: %s" % dump(ftr)
        assert abs(ftr[0]["begin_time"] - 300) <= 10 and abs(ftr[0]["end_time"] - 1800) <= 10, dump(
            ftr)
        assert ftl[0]["text"] == EN_TR and ftl[0]["lang"] == "en" and ftl[0]["sentence_id"] == 0, \
            "translation = the script line's TAB part: %s" % dump(ftl)
        assert "".join(w["text"] + w["punctuation"] for w in ftr[0]["words"]) == ZH, dump(ftr)
        assert all(len(w["text"]) == 1 for w in ftr[0]["words"]), "CJK per character: %s" % dump(ftr)
        inter = [p for p in tr if not p["sentence_end"]]
        assert len(inter) >= 4, "transcription interims expected during 1.5 s speech; %s" % d.log
        prev = -1
        for p in inter:
            assert ZH.startswith(p["text"]) and p["text"] != ZH, "interim prefix: %s" % dump(p)
            assert p["current_time"] >= p["begin_time"], dump(p)
            assert p["current_time"] >= prev, "current_time must not go back: %s" % d.log
            prev = p["current_time"]
        assert any(not p["sentence_end"] for p in tl), "translation interims expected; %s" % d.log
        finals_msgs = [m for m in res if any(p.get("sentence_end") for p in
                                             [m["payload"]["output"].get("transcription", {})] +
                                             m["payload"]["output"].get("translations", []))]
        assert finals_msgs and finals_msgs[-1]["payload"]["usage"] == {"duration": 3}, \
            "usage.duration = ceil(2.8 s): %s" % dump(finals_msgs)
        await d.close()


async def test_gummy_ids_from_0_and_max_end_silence(ctx):
    pcm = audio(("t", 500), ("s", 1000), ("t", 500), ("s", 1000))
    async with ctx.emulator() as e:
        for params, want in (({}, [0, 1]), ({"max_end_silence": 1500}, [0])):
            d = await Duplex.open(e)
            await d.start(model="gummy-realtime-v1", parameters=params)
            await d.send_audio(pcm)
            res = await d.finish()
            for m in res:
                check_gummy_result(m, d.task_id)
            ids = [p["sentence_id"] for p in _parts(res, "transcription") if p["sentence_end"]]
            assert ids == want, "%s: 1000 ms gaps with default 700 ms / 1500 ms: ids %s; %s" % (
                params, ids, d.log)
            assert _parts(res, "translations") == [], "translation off by default; %s" % d.log
            await d.close()


async def test_gummy_translation_placeholder_text(ctx):
    path = ctx.write_script(["Hello there."])
    async with ctx.emulator("--script", path) as e:
        d = await Duplex.open(e)
        await d.start(model="gummy-realtime-v1",
                      parameters={"transcription_enabled": False, "translation_enabled": True,
                                  "translation_target_languages": ["ja"]})
        await d.send_audio(audio(("t", 800), ("s", 900)))
        res = await d.finish()
        for m in res:
            check_gummy_result(m, d.task_id)
            assert "transcription" not in m["payload"]["output"], \
                "transcription_enabled=false: no transcription: %s" % dump(m)
        f = [p for p in _parts(res, "translations") if p["sentence_end"]]
        assert len(f) == 1 and f[0]["text"] == "[ja] Hello there." and f[0]["lang"] == "ja", \
            "without a TAB part the translation is '[<lang>] <text>': %s" % dump(f)
        await d.close()


async def test_gummy_chat_one_sentence_then_ignores_audio(ctx):
    path = ctx.write_script(["First only.", "Never second."])
    async with ctx.emulator("--script", path) as e:
        d = await Duplex.open(e)
        await d.start(model="gummy-chat-v1")
        await d.send_audio(audio(("t", 600), ("s", 900), ("t", 800), ("s", 900), ("t", 500)))
        res = await d.finish()
        for m in res:
            check_gummy_result(m, d.task_id)
        tr = _parts(res, "transcription")
        f = [p for p in tr if p["sentence_end"]]
        assert [p["text"] for p in f] == ["First only."], "gummy-chat-v1: one sentence; %s" % d.log
        assert tr[-1]["sentence_end"], "no results after the first final; %s" % d.log
        await d.close()


@timeout(30)
async def test_gummy_chat_60s_limit(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e)
        await d.start(model="gummy-chat-v1")
        await d.send_audio(silence(59_900), chunk=32000)
        res = await d.finish()
        assert res == [], d.log
        await d.close()
        d = await Duplex.open(e)
        await d.start(model="gummy-chat-v1")
        try:
            await d.send_audio(silence(61_000), chunk=32000)
        except websockets.exceptions.ConnectionClosed:
            pass
        msg = await d.recv(5)
        check_task_failed(msg, d.task_id, "InvalidParameter", "Audio is too long, exceeds 60 seconds.")
        await expect_closed(d.ws, 3, d.log)
