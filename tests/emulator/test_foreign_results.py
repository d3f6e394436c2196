"""Results a client must not show: wrong-task-id (copies of every duplex result for another
task, optionally that task's task-finished / task-failed) and after-finish (results after
task-finished / session.finished, a late one, then the server's close), as dsasr-emulator(1)
describes them."""

import asyncio
import re
import time

from emu import (DEFAULT_KEY, Duplex, Realtime, assert_silent, audio, check_fun_sentence,
                 check_gummy_result, check_rt_event, check_task_failed, check_task_finished,
                 dump, expect_closed, finish_task_msg, raw_http, read_log, wait_for_log)

WRONG = "[wrong task] "
AFTER = "[after finish] "
TEXT_EV = "conversation.item.input_audio_transcription.text"
DONE_EV = "conversation.item.input_audio_transcription.completed"
FOREIGN_ID_RE = re.compile(r"[0-9a-f]{32}")
# Two sentences with Fun-ASR's default 1300 ms end-of-sentence silence.
TWO_SENTENCES = audio(("s", 200), ("t", 800), ("s", 1400), ("t", 600), ("s", 1400))


async def _until_own_finished(d, timeout_s=10.0):
    """Every message up to and including the running task's own task-finished."""
    deadline = time.monotonic() + timeout_s
    seq = []
    while True:
        m = await d.recv(max(0.01, deadline - time.monotonic()))
        seq.append(m)
        if m["header"]["event"] == "task-finished" and m["header"]["task_id"] == d.task_id:
            return seq


def _check_copy(real, copy, foreign, gummy=False):
    """`copy` is `real` for task `foreign` with every text marked and one word per part."""
    assert copy["header"]["event"] == "result-generated", dump(copy)
    assert copy["header"]["task_id"] == foreign, "copy for %s expected: %s" % (foreign, dump(copy))
    if gummy:
        check_gummy_result(copy, foreign)
        parts = lambda m: ([m["payload"]["output"]["transcription"]]
                           if "transcription" in m["payload"]["output"] else []) + \
            m["payload"]["output"].get("translations", [])
    else:
        check_fun_sentence(copy, foreign)
        parts = lambda m: [m["payload"]["output"]["sentence"]]
    assert copy["payload"]["usage"] == real["payload"]["usage"], dump([real, copy])
    rp, cp = parts(real), parts(copy)
    assert len(rp) == len(cp), dump([real, copy])
    for r, c in zip(rp, cp):
        assert c["text"] == WRONG + r["text"], "marked text expected: %s" % dump([real, copy])
        same = {k: v for k, v in r.items() if k not in ("text", "words")}
        assert {k: v for k, v in c.items() if k not in ("text", "words")} == same, \
            "the copy keeps every other member: %s" % dump([real, copy])
        assert len(c["words"]) == 1 and c["words"][0]["text"] == c["text"], dump(copy)
        assert c["words"][0]["begin_time"] == r["words"][0]["begin_time"], dump([real, copy])
        assert c["words"][0]["end_time"] == r["words"][-1]["end_time"], dump([real, copy])
        assert c["words"][0]["punctuation"] == "", dump(copy)


def _pairs(seq, own, gummy=False):
    """Checks that every own result is followed at once by its copy; returns (foreign id,
    own results, everything that is neither)."""
    foreign = None
    own_results = []
    rest = []
    i = 0
    while i < len(seq):
        m = seq[i]
        if m["header"]["task_id"] == own and m["header"]["event"] == "result-generated":
            assert i + 1 < len(seq), "no copy after the last result: %s" % dump(seq)
            copy = seq[i + 1]
            if foreign is None:
                foreign = copy["header"]["task_id"]
                assert FOREIGN_ID_RE.fullmatch(foreign) and foreign != own, \
                    "the other task id must be 32 hex digits, not the client's: %s" % dump(copy)
            _check_copy(m, copy, foreign, gummy)
            own_results.append(m)
            i += 2
        else:
            rest.append(m)
            i += 1
    return foreign, own_results, rest


async def test_wrong_task_id_copies_every_result(ctx):
    log = ctx.tmp("emu.log")
    async with ctx.emulator("--log", log) as e:
        d = await Duplex.open(e, faults="wrong-task-id")
        await d.start()
        await d.send_audio(TWO_SENTENCES)
        await d.send_json(finish_task_msg(d.task_id))
        seq = await _until_own_finished(d)
        foreign, results, rest = _pairs(seq, d.task_id)
        assert foreign is not None, "no result at all: %s" % d.log
        finals = [m for m in results if m["payload"]["output"]["sentence"]["sentence_end"]]
        assert len(finals) == 2 and len(results) > 2, "interims and two finals: %s" % d.log
        assert [m["header"]["event"] for m in rest] == ["task-finished"], \
            "only copies besides the task's own messages: %s" % dump(rest)
        await assert_silent(d.ws, 0.4, d.log)  # neither task ends the connection
        # A second task on the connection: another other task.
        first_foreign, first_count = foreign, len(results)
        await d.start()
        await d.send_audio(audio(("t", 600), ("s", 1400)))
        await d.send_json(finish_task_msg(d.task_id))
        foreign, results, rest = _pairs(await _until_own_finished(d), d.task_id)
        assert foreign not in (None, first_foreign), "a new other task per task: %s" % d.log
        await d.close()
        # The log shows every copy as sent, in order.
        _, recs = await wait_for_log(log, lambda rs: any(r["event"] == "close" for r in rs))
        sent = [r["json"] for r in recs if r["event"] == "send_text"]
        assert sent == [m for m in d.log.items if isinstance(m, dict)], \
            "the log records exactly what the client received"
        assert sum(1 for m in sent if m["header"]["task_id"] == first_foreign) == first_count, \
            "one copy per result in the log"


async def test_wrong_task_id_gummy(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e, faults="wrong-task-id")
        await d.start(model="gummy-realtime-v1",
                      parameters={"translation_enabled": True,
                                  "translation_target_languages": ["en"]})
        await d.send_audio(audio(("t", 800), ("s", 1400)))
        await d.send_json(finish_task_msg(d.task_id))
        foreign, results, rest = _pairs(await _until_own_finished(d), d.task_id, gummy=True)
        assert foreign and results, d.log
        assert [m["header"]["event"] for m in rest] == ["task-finished"], dump(rest)
        await d.close()


async def test_wrong_task_id_ends_the_other_task_once(ctx):
    async with ctx.emulator() as e:
        for spec, event in (("wrong-task-id:finished", "task-finished"),
                            ("wrong-task-id:failed", "task-failed")):
            d = await Duplex.open(e, faults=spec)
            await d.start()
            await d.send_audio(TWO_SENTENCES)
            await d.send_json(finish_task_msg(d.task_id))
            seq = await _until_own_finished(d)
            foreign_ends = [i for i, m in enumerate(seq)
                            if m["header"]["event"] == event and m["header"]["task_id"] != d.task_id]
            assert len(foreign_ends) == 1, "%s: one %s of the other task: %s" % (spec, event,
                                                                                  d.log)
            at = foreign_ends[0]
            ending = seq.pop(at)
            foreign, results, rest = _pairs(seq, d.task_id)
            assert ending["header"]["task_id"] == foreign, dump(ending)
            if event == "task-failed":
                check_task_failed(ending, foreign, "InternalError.Injected",
                                  "Injected failure of another task")
            else:
                check_task_finished(ending, foreign)
            # Right after the copy of the first final.
            first_final = next(i for i, m in enumerate(seq)
                               if m["header"]["task_id"] == d.task_id and
                               m["header"]["event"] == "result-generated" and
                               m["payload"]["output"]["sentence"]["sentence_end"])
            assert at == first_final + 2, "%s: the %s comes right after the first final's " \
                "copy: %s" % (spec, event, d.log)
            await assert_silent(d.ws, 0.4, d.log)
            await d.close()
        # Without a final, right before the task's own task-finished.
        d = await Duplex.open(e, faults="wrong-task-id:failed")
        await d.start()
        await d.send_audio(audio(("s", 500)))
        await d.send_json(finish_task_msg(d.task_id))
        seq = await _until_own_finished(d)
        assert len(seq) == 2, dump(seq)
        check_task_failed(seq[0], None, "InternalError.Injected")
        assert seq[0]["header"]["task_id"] != d.task_id, dump(seq)
        check_task_finished(seq[1], d.task_id)
        await d.close()


async def test_wrong_task_id_refused_on_realtime(ctx):
    async with ctx.emulator() as e:
        for spec in ("wrong-task-id", "wrong-task-id:failed"):
            path = "/api-ws/v1/realtime?model=qwen3-asr-flash-realtime&faults=" + spec
            raw = await raw_http(e, path, [("Authorization", "Bearer " + DEFAULT_KEY)])
            assert raw.status == 400, "%s: expected 400, got %r" % (path, raw.status_line)
            body = raw.json_body()
            assert body["code"] == "InvalidParameter" and "wrong-task-id" in body["message"], \
                dump(body)
            raw.close()
        for bad in ("wrong-task-id:other", "after-finish:x"):
            raw = await raw_http(e, "/api-ws/v1/inference?faults=" + bad,
                                 [("Authorization", "Bearer " + DEFAULT_KEY)])
            assert raw.status == 400 and bad in raw.json_body()["message"], raw.status_line
            raw.close()


async def _closed_with(ws, log, timeout_s=3.0):
    code, reason, clean = await expect_closed(ws, timeout_s, log)
    assert clean and code == 1000 and reason == "after-finish", \
        "close 1000 after-finish expected, got %d %r (close frame %s)" % (code, reason, clean)


async def test_after_finish_duplex(ctx):
    async with ctx.emulator() as e:
        for spec, delay_s in (("after-finish", 0.2), ("after-finish:700", 0.7)):
            d = await Duplex.open(e, faults=spec)
            await d.start()
            await d.send_audio(TWO_SENTENCES)
            await d.send_json(finish_task_msg(d.task_id))
            seq = await _until_own_finished(d)
            t_finished = time.monotonic()
            last_id = max(m["payload"]["output"]["sentence"]["sentence_id"] for m in seq[:-1])
            assert last_id == 2, d.log
            interim, final = await d.recv(2), await d.recv(2)
            for m, text, end in ((interim, "interim", False), (final, "final", True)):
                s = check_fun_sentence(m, d.task_id)
                assert s["text"] == AFTER + text and s["sentence_end"] is end, dump(m)
                assert s["sentence_id"] == 3, "the next sentence id: %s" % dump(m)
            late = await d.recv(delay_s + 2)
            waited = time.monotonic() - t_finished
            assert waited >= delay_s - 0.05, "%s: late result after %.2f s" % (spec, waited)
            s = check_fun_sentence(late, d.task_id)
            assert s["text"] == AFTER + "late" and s["sentence_end"] and s["sentence_id"] == 4, \
                dump(late)
            await _closed_with(d.ws, d.log)


async def test_after_finish_gummy(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e, faults="after-finish")
        await d.start(model="gummy-realtime-v1",
                      parameters={"translation_enabled": True,
                                  "translation_target_languages": ["en"]})
        await d.send_audio(audio(("t", 800), ("s", 1400)))
        await d.send_json(finish_task_msg(d.task_id))
        await _until_own_finished(d)
        for text in ("interim", "final", "late"):
            out = check_gummy_result(await d.recv(2), d.task_id)
            assert out["transcription"]["text"] == AFTER + text, dump(out)
            assert out["translations"][0]["lang"] == "en", dump(out)
            assert out["translations"][0]["text"] == AFTER + text, dump(out)
        await _closed_with(d.ws, d.log)


async def test_after_finish_new_task_calls_off_the_late_result(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e, faults="after-finish:300")
        await d.start()
        await d.send_json(finish_task_msg(d.task_id))
        await _until_own_finished(d)
        assert [m["payload"]["output"]["sentence"]["text"] for m in
                (await d.recv(2), await d.recv(2))] == [AFTER + "interim", AFTER + "final"]
        await d.start()
        await assert_silent(d.ws, 0.6, d.log)
        await d.send_json(finish_task_msg(d.task_id))
        await _until_own_finished(d)
        texts = [(await d.recv(2))["payload"]["output"]["sentence"]["text"] for _ in range(3)]
        assert texts == [AFTER + "interim", AFTER + "final", AFTER + "late"], dump(texts)
        await _closed_with(d.ws, d.log)


async def test_after_finish_client_close_first(ctx):
    """A client that closes before the delay ends it: the log shows what was sent, no late
    result."""
    log = ctx.tmp("emu.log")
    async with ctx.emulator("--log", log) as e:
        d = await Duplex.open(e, faults="after-finish:500")
        await d.start()
        await d.send_json(finish_task_msg(d.task_id))
        await _until_own_finished(d)
        await d.recv(2)
        await d.recv(2)
        await d.ws.close()
        _, recs = await wait_for_log(log, lambda rs: any(r["event"] == "close" for r in rs))
        await asyncio.sleep(0.7)
        _, recs = read_log(log)
        sent = [r["json"] for r in recs if r["event"] == "send_text"]
        events = [m["header"]["event"] for m in sent]
        assert events == ["task-started", "task-finished", "result-generated",
                          "result-generated"], dump(sent)
        assert [m["payload"]["output"]["sentence"]["text"] for m in sent[2:]] == \
            [AFTER + "interim", AFTER + "final"], dump(sent)
        closes = [r for r in recs if r["event"] == "close"]
        assert len(closes) == 1 and closes[0]["by"] == "client", dump(closes)


async def test_after_finish_realtime(ctx):
    async with ctx.emulator() as e:
        rt = await Realtime.open(e, faults="after-finish")
        await rt.update({"turn_detection": {"type": "server_vad", "silence_duration_ms": 400}})
        await rt.append(audio(("s", 200), ("t", 800), ("s", 800)))
        await rt.send({"type": "session.finish"})
        seq = await rt.until("session.finished")
        known = {ev.get("item_id") for ev in seq} | {ev.get("item", {}).get("id") for ev in seq}
        assert any(ev["type"] == DONE_EV for ev in seq), rt.log
        t_finished = time.monotonic()
        text_ev, done_ev = await rt.recv(2), await rt.recv(2)
        check_rt_event(text_ev, TEXT_EV, ["item_id", "content_index", "language", "emotion",
                                          "text", "stash"])
        check_rt_event(done_ev, DONE_EV, ["item_id", "content_index", "language", "emotion",
                                          "transcript"])
        assert text_ev["text"] == AFTER + "interim" and text_ev["stash"] == "", dump(text_ev)
        assert done_ev["transcript"] == AFTER + "final", dump(done_ev)
        item = done_ev["item_id"]
        assert text_ev["item_id"] == item and item not in known, \
            "an item never announced: %s" % rt.log
        late = await rt.recv(2)
        assert time.monotonic() - t_finished >= 0.15, "late result too early"
        check_rt_event(late, DONE_EV, ["item_id", "content_index", "language", "emotion",
                                       "transcript"])
        assert late["transcript"] == AFTER + "late" and late["item_id"] not in known | {item}, \
            dump(late)
        await _closed_with(rt.ws, rt.log)
