"""Fault injection through ?faults=SPEC[,SPEC...] on both families."""

import asyncio
import json
import time

import websockets

from emu import (DEFAULT_KEY, Duplex, RawWS, Realtime, audio, check_401, check_fun_sentence,
                 check_rt_error, check_session, check_task_failed, check_task_finished,
                 check_task_started, dump, expect_closed, finals, finish_task_msg, new_task_id,
                 raw_http, recv_json, run_task_msg, strip_unknown, timeout)

DONE_EV = "conversation.item.input_audio_transcription.completed"


async def _send_ok(d, pcm):
    await d.send_audio(pcm)
    await asyncio.sleep(0.5)
    assert d.ws.open, "connection closed before the fault's audio threshold; %s" % d.log


async def _drain_until_closed(d, timeout_s=3.0):
    """Reads messages until the connection closes; returns (code, reason, close frame seen)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            raw = await asyncio.wait_for(d.ws.recv(), max(0.01, deadline - time.monotonic()))
            try:
                d.log.add(json.loads(raw))
            except (TypeError, ValueError):
                d.log.add(raw)
        except asyncio.TimeoutError:
            raise AssertionError("connection not closed within %.1f s; %s" % (timeout_s, d.log))
        except websockets.exceptions.ConnectionClosed as e:
            return (e.rcvd.code if e.rcvd else 1006, e.rcvd.reason if e.rcvd else "",
                    e.rcvd is not None)


async def test_drop(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e, faults="drop:1000")
        await d.start()
        await _send_ok(d, audio(("t", 800)))
        try:
            await d.send_audio(audio(("t", 400)))
        except websockets.exceptions.ConnectionClosed:
            pass
        code, reason, clean = await _drain_until_closed(d)
        assert not clean, "drop must not send a close frame (got %d %r)" % (code, reason)


async def test_drop_first_then_reconnect_succeeds(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e, faults="drop-first:800")
        await d.start()
        try:
            await d.send_audio(audio(("t", 1000)))
        except websockets.exceptions.ConnectionClosed:
            pass
        code, reason, clean = await _drain_until_closed(d)
        assert not clean, "first connection must be dropped without close frame"
        for _ in range(2):
            d = await Duplex.open(e, faults="drop-first:800")
            await d.start()
            await d.send_audio(audio(("t", 1500), ("s", 500)))
            f = finals(await d.finish())
            assert len(f) == 1, "reconnect with the same faults value must succeed; %s" % d.log
            await d.close()
        # the counter is keyed by the full faults value: a different value drops again
        d = await Duplex.open(e, faults="drop-first:900")
        await d.start()
        try:
            await d.send_audio(audio(("t", 1000)))
        except websockets.exceptions.ConnectionClosed:
            pass
        code, reason, clean = await _drain_until_closed(d)
        assert not clean, "first connection with faults=drop-first:900 must be dropped; %s" % d.log


async def test_close1011(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e, faults="close1011:600")
        await d.start()
        await _send_ok(d, audio(("s", 400)))
        await d.ws.send(audio(("s", 400)))  # one frame crosses 600 ms; nothing else in flight
        code, reason, clean = await _drain_until_closed(d)
        assert clean and code == 1011 and reason == "Internal server error", \
            "close1011: got %d %r (close frame %s)" % (code, reason, clean)


async def test_close_and_task_failed_reach_a_streaming_client(ctx):
    """A client streaming faster than real time still has audio frames in flight when the
    server fails the task / closes: task-failed and the close frame must still reach it."""
    async with ctx.emulator() as e:
        bad = []
        for i in range(6):
            faults = "close1011:600" if i % 2 == 0 else "fail:600:InternalError.Algo"
            d = await Duplex.open(e, faults=faults)
            await d.start()
            try:
                await d.send_audio(audio(("s", 3000)))
            except websockets.exceptions.ConnectionClosed:
                pass
            code, reason, clean = await _drain_until_closed(d, 5)
            events = [m["header"]["event"] for m in d.log.items if isinstance(m, dict)]
            if i % 2 == 0 and not (clean and code == 1011):
                bad.append("%s: close frame lost (got %d %r, close frame %s)" % (faults, code,
                                                                                reason, clean))
            if i % 2 == 1 and "task-failed" not in events:
                bad.append("%s: task-failed lost; client saw %s then %d %r" % (faults, events,
                                                                              code, reason))
        assert not bad, "\n".join(bad)


async def test_fail_start(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e, faults="fail-start:Arrearage")
        tid = new_task_id()
        await d.send_json(run_task_msg(tid))
        check_task_failed(await d.recv(), tid, "Arrearage", "Injected failure")
        await expect_closed(d.ws, 3, d.log)
        rt = await Realtime.open(e, faults="fail-start:Arrearage")
        eid, ev = await rt.update({"sample_rate": 16000}, expect=None)
        err = check_rt_error(ev, code="Arrearage")
        assert err["message"] == "Injected failure", dump(ev)
        await rt.close()


async def test_fail_start_after(ctx):
    """fail-start-after:K:CODE: the first K connections with this faults value start, every
    later one fails at run-task (the realtime family at its first event)."""
    async with ctx.emulator() as e:
        faults = "fail-start-after:2:InternalError.Injected"
        for _ in range(2):
            d = await Duplex.open(e, faults=faults)
            await d.start()
            await d.ws.close()
        for _ in range(2):
            d = await Duplex.open(e, faults=faults)
            tid = new_task_id()
            await d.send_json(run_task_msg(tid))
            check_task_failed(await d.recv(), tid, "InternalError.Injected", "Injected failure")
            await expect_closed(d.ws, 3, d.log)
        rt = await Realtime.open(e, faults="fail-start-after:0:Arrearage")
        eid, ev = await rt.update({"sample_rate": 16000}, expect=None)
        check_rt_error(ev, code="Arrearage")
        await rt.close()


async def test_fail_after_audio(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e, faults="fail:500:InternalError.Algo")
        await d.start()
        await d.send_audio(audio(("s", 300)))
        got = await d.collect(0.5)
        assert got == [], "no failure before 500 ms of audio: %s" % dump(got)
        await d.ws.send(audio(("s", 400)))  # one frame: the server closes right after it
        msg = await d.recv(3)
        check_task_failed(msg, d.task_id, "InternalError.Algo")
        await expect_closed(d.ws, 3, d.log)
        rt = await Realtime.open(e, faults="fail:500:InternalError.Algo")
        await rt.append(audio(("s", 300)))
        try:
            ev = await rt.recv(0.5)
            raise AssertionError("no event expected before 500 ms of audio: %s" % dump(ev))
        except AssertionError as ex:
            if "no server message" not in str(ex):
                raise
        await rt.append(audio(("s", 400)), chunk=12800)
        check_rt_error(await rt.recv(3), code="InternalError.Algo")
        await expect_closed(rt.ws, 3, rt.log)


async def test_throttle(ctx):
    async with ctx.emulator() as e:
        for i in range(2):
            d = await Duplex.open(e, faults="throttle:2")
            tid = new_task_id()
            await d.send_json(run_task_msg(tid))
            check_task_failed(await d.recv(), tid, "Throttling.RateQuota",
                              "Requests rate limit exceeded, please try again later.")
            await expect_closed(d.ws, 3, d.log)
        d = await Duplex.open(e, faults="throttle:2")
        await d.start()
        await d.send_audio(audio(("t", 400)))
        assert len(finals(await d.finish())) == 1, "3rd connection must succeed; %s" % d.log
        await d.close()
    async with ctx.emulator() as e:  # counters are per faults value: a fresh emulator
        for i in range(2):
            rt = await Realtime.open(e, faults="throttle:2")
            _, ev = await rt.update({"sample_rate": 16000}, expect=None)
            err = check_rt_error(ev, code="Throttling.RateQuota")
            assert err["message"] == "Requests rate limit exceeded, please try again later.", dump(
                ev)
            await rt.close()
        rt = await Realtime.open(e, faults="throttle:2")
        await rt.update({"sample_rate": 16000})
        await rt.close()


@timeout(20)
async def test_slow(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e, faults="slow:0.5")
        await d.start(parameters={"max_sentence_silence": 200})
        t0 = d.t_started
        await d.send_audio(audio(("s", 200), ("t", 600), ("s", 400)))
        arrivals = []
        while True:
            m = await d.recv(6)
            arrivals.append((time.monotonic() - t0, m))
            check_fun_sentence(m, d.task_id)
            if m["payload"]["output"]["sentence"]["sentence_end"]:
                break
        for dt, m in arrivals:
            s = m["payload"]["output"]["sentence"]
            covered_ms = s["end_time"] if s["sentence_end"] else s["begin_time"] + 200
            assert dt >= 2 * covered_ms / 1000 - 0.05, \
                "slow:0.5: result for audio %d ms came %.2f s after task start: %s" % (
                    covered_ms, dt, dump(m))
        assert arrivals[-1][0] >= 1.55, "final (audio ~800 ms) must take ≥ 1.6 s: %.2f" % (
            arrivals[-1][0])
        await d.finish()
        await d.close()


@timeout(15)
async def test_delay_start_not_scaled(ctx):
    async with ctx.emulator("--time-scale", "0.1") as e:
        d = await Duplex.open(e, faults="delay-start:700")
        t0 = time.monotonic()
        await d.start()
        dt = time.monotonic() - t0
        assert 0.69 <= dt <= 2.5, "task-started must come 700 ms late (unscaled), came %.2f s" % dt
        await d.close()
        rt = await Realtime.open(e, faults="delay-start:700")
        t0 = time.monotonic()
        await rt.update({"sample_rate": 16000})
        dt = time.monotonic() - t0
        assert 0.69 <= dt <= 2.5, "session.updated must come 700 ms late, came %.2f s" % dt
        await rt.close()


def _raw_messages_until(raw, stop):
    msgs = []
    while True:
        op, payload, frames = raw.read_message()
        if op == 8:
            return msgs
        msgs.append((op, payload, frames))
        if stop(payload):
            return msgs


async def test_fragment(ctx):
    n = 16
    async with ctx.emulator() as e:
        loop = asyncio.get_running_loop()

        def duplex():
            raw = RawWS.open(e.host, e.port, "/api-ws/v1/inference?faults=fragment:%d" % n,
                             [("Authorization", "Bearer " + DEFAULT_KEY)])
            raw.sock.settimeout(5)
            tid = new_task_id()
            raw.send_text(run_task_msg(tid))
            msgs = _raw_messages_until(raw, lambda p: b"task-started" in p)
            raw.send_binary(audio(("t", 800), ("s", 200)))
            raw.send_text(finish_task_msg(tid))
            msgs += _raw_messages_until(raw, lambda p: b"task-finished" in p)
            raw.close()
            return tid, msgs

        def realtime():
            raw = RawWS.open(e.host, e.port, "/api-ws/v1/realtime?model=qwen3-asr-flash-realtime"
                             "&faults=fragment:%d" % n, [("Authorization", "Bearer x")])
            raw.sock.settimeout(5)
            msgs = _raw_messages_until(raw, lambda p: b"session.created" in p)
            raw.close()
            return msgs

        tid, msgs = await loop.run_in_executor(None, duplex)
        parsed = []
        for op, payload, frames in msgs:
            assert op == 1, "server must send text messages only, got opcode %d" % op
            assert len(frames) >= 2, "every text message must be fragmented (frames %s): %r" % (
                frames, payload[:200])
            assert frames[0][1] == 1 and not frames[0][0], "first frame: text, FIN=0: %s" % frames
            for fin, opc, ln in frames[1:]:
                assert opc == 0 and ln <= n, "continuation frames of at most %d bytes: %s" % (
                    n, frames)
            assert frames[-1][0] and not any(f[0] for f in frames[:-1]), frames
            parsed.append(json.loads(payload.decode("utf-8")))
        check_task_started(parsed[0], tid)
        check_task_finished(parsed[-1], tid)
        for m in parsed[1:-1]:
            check_fun_sentence(m, tid)
        assert len([m for m in parsed[1:-1] if m["payload"]["output"]["sentence"]["sentence_end"]
                    ]) == 1, "reassembled results must be intact: %s" % dump(parsed)
        rmsgs = await loop.run_in_executor(None, realtime)
        assert len(rmsgs[0][2]) >= 2 and rmsgs[0][2][1][1] == 0, \
            "realtime messages are fragmented too: %s" % rmsgs[0][2]
        check_session(json.loads(rmsgs[0][1]), "session.created", "qwen3-asr-flash-realtime")


def _x_members(obj):
    return {k: v for k, v in obj.items() if k.startswith("x_emu_")} if isinstance(obj,
                                                                                  dict) else {}


async def test_unknown_fields(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e, faults="unknown-fields")
        tid = new_task_id()
        await d.send_json(run_task_msg(tid))
        started = await d.recv()
        await d.send_audio(audio(("t", 800), ("s", 1400)))
        await d.send_json(finish_task_msg(tid))
        msgs = [started]
        while True:
            m = await d.recv(5)
            msgs.append(m)
            if m.get("header", {}).get("event") != "result-generated":
                break
        types = set()
        for m in msgs:
            for where, obj in (("top", m), ("header", m["header"]), ("payload", m["payload"])):
                xs = _x_members(obj)
                assert xs, "unknown-fields: no x_emu_* member at %s: %s" % (where, dump(m))
                types |= {type(v).__name__ for v in xs.values()}
            if m["header"]["event"] == "result-generated":
                s = m["payload"]["output"]["sentence"]
                assert _x_members(m["payload"]["output"]), "output lacks x_emu_*: %s" % dump(m)
                assert _x_members(s), "sentence lacks x_emu_*: %s" % dump(m)
                for w in s["words"]:
                    assert _x_members(w), "word lacks x_emu_*: %s" % dump(m)
        assert len(types) >= 3, "x_emu_ members should have varied JSON types, saw %s" % types
        clean = [strip_unknown(m) for m in msgs]
        check_task_started(clean[0], tid)
        check_task_finished(clean[-1], tid)
        for m in clean[1:-1]:
            check_fun_sentence(m, tid)
        assert len(finals(clean[1:-1])) == 1, dump(clean)
        rt = await Realtime.open(e, faults="unknown-fields", expect_created=False)
        ev = await rt.recv()
        assert _x_members(ev), "realtime events gain x_emu_* too: %s" % dump(ev)
        check_session(strip_unknown(ev), "session.created", rt.model)
        await rt.close()


async def test_non_json(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e, faults="non-json")
        await d.start()
        await d.send_audio(audio(("t", 800), ("s", 1400)))
        await d.send_json(finish_task_msg(d.task_id))
        seq = []
        while True:
            m = await d.recv(5, allow_text=True)
            seq.append(m)
            if isinstance(m, dict) and m["header"]["event"] == "task-finished":
                break
        texts = [i for i, m in enumerate(seq) if isinstance(m, str)]
        assert len(texts) == 1 and seq[texts[0]] == "this is not JSON", \
            "exactly one 'this is not JSON' frame expected: %s" % d.log
        assert texts[0] == 0 and seq[1]["header"]["event"] == "result-generated", \
            "the non-JSON frame comes right before the first result: %s" % d.log
        rt = await Realtime.open(e, faults="non-json")
        await rt.append(audio(("t", 800), ("s", 1000)))
        seq = []
        while not (seq and isinstance(seq[-1], dict) and seq[-1].get("type") == DONE_EV):
            seq.append(await recv_json(rt.ws, 5, rt.log, allow_text=True))
        texts = [i for i, m in enumerate(seq) if isinstance(m, str)]
        assert len(texts) == 1 and seq[texts[0]] == "this is not JSON", rt.log
        first_tr = min(i for i, m in enumerate(seq) if isinstance(m, dict) and
                       m["type"].startswith("conversation.item.input_audio_transcription."))
        assert texts[0] < first_tr, "non-JSON frame before the first result: %s" % rt.log
        await rt.close()


async def test_oversized(ctx):
    n = 200_000
    async with ctx.emulator() as e:
        d = await Duplex.open(e, faults="oversized:%d" % n)
        await d.start()
        await d.send_audio(audio(("t", 600), ("s", 1400), ("t", 600), ("s", 1400)))
        raws = []
        await d.send_json(finish_task_msg(d.task_id))
        while True:
            raw = await asyncio.wait_for(d.ws.recv(), 5)
            m = json.loads(raw)
            raws.append((len(raw.encode()), m))
            if m["header"]["event"] == "task-finished":
                break
        fin = [(ln, m) for ln, m in raws if m["header"]["event"] == "result-generated" and
               m["payload"]["output"]["sentence"]["sentence_end"]]
        assert len(fin) == 2, dump([m for _, m in raws])
        assert fin[0][0] >= n, "first final must be ≥ %d bytes, is %d" % (n, fin[0][0])
        assert "x_emu_padding" in json.dumps(fin[0][1]), "x_emu_padding member missing"
        pad = _find(fin[0][1], "x_emu_padding")
        assert isinstance(pad, str), "x_emu_padding must be a string"
        check_fun_sentence(strip_unknown(fin[0][1]), d.task_id)
        for ln, m in raws:
            if m is not fin[0][1]:
                assert "x_emu_padding" not in json.dumps(m), "only the first final is padded"
        await d.close()


def _find(obj, key):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == key:
                return v
            r = _find(v, key)
            if r is not None:
                return r
    if isinstance(obj, list):
        for v in obj:
            r = _find(v, key)
            if r is not None:
                return r
    return None


async def test_unauthorized(ctx):
    async with ctx.emulator() as e:
        for path in ("/api-ws/v1/inference?faults=unauthorized",
                     "/api-ws/v1/inference/?faults=unauthorized",
                     "/api-ws/v1/realtime?model=qwen3-asr-flash-realtime&faults=unauthorized"):
            raw = await raw_http(e, path, [("Authorization", "Bearer " + DEFAULT_KEY)])
            check_401(raw, "faults=unauthorized on " + path)
            raw.close()


async def test_unknown_spec_400(ctx):
    async with ctx.emulator() as e:
        for faults, bad in (("bogus:1", "bogus"), ("delay-start:100,nope", "nope"),
                            ("explode", "explode")):
            for path in ("/api-ws/v1/inference?faults=" + faults,
                         "/api-ws/v1/realtime?model=qwen3-asr-flash-realtime&faults=" + faults):
                raw = await raw_http(e, path, [("Authorization", "Bearer " + DEFAULT_KEY)])
                assert raw.status == 400, "%s: expected 400, got %r" % (path, raw.status_line)
                body = raw.json_body()
                assert bad in json.dumps(body), "400 body must name the bad spec %r: %s" % (
                    bad, dump(body))
                raw.close()


async def test_combined_specs(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e, faults="delay-start:300,unknown-fields")
        t0 = time.monotonic()
        tid = new_task_id()
        await d.send_json(run_task_msg(tid))
        m = await d.recv()
        assert time.monotonic() - t0 >= 0.29, "delay-start applies in a combination"
        assert _x_members(m), "unknown-fields applies in a combination: %s" % dump(m)
        check_task_started(strip_unknown(m), tid)
        await d.close()


async def test_realtime_drop_and_close1011(ctx):
    async with ctx.emulator() as e:
        rt = await Realtime.open(e, faults="drop:500")
        await rt.append(audio(("s", 300)))
        await asyncio.sleep(0.4)
        assert rt.ws.open, "dropped before 500 ms of audio; %s" % rt.log
        await rt.append(audio(("s", 400)), chunk=12800)
        code, reason, clean = await _drain_until_closed(rt)
        assert not clean, "drop must not send a close frame (got %d %r)" % (code, reason)
        rt = await Realtime.open(e, faults="close1011:500")
        await rt.append(audio(("s", 300)))
        await asyncio.sleep(0.4)
        assert rt.ws.open, "closed before 500 ms of audio; %s" % rt.log
        await rt.append(audio(("s", 400)), chunk=12800)
        code, reason, clean = await _drain_until_closed(rt)
        assert clean and code == 1011 and reason == "Internal server error", (code, reason, clean)


async def test_realtime_oversized(ctx):
    n = 100_000
    async with ctx.emulator() as e:
        rt = await Realtime.open(e, faults="oversized:%d" % n)
        await rt.append(audio(("t", 600), ("s", 1000), ("t", 600), ("s", 1000)))
        sizes = []
        while len([m for _, m in sizes if m.get("type") == DONE_EV]) < 2:
            raw = await asyncio.wait_for(rt.ws.recv(), 5)
            sizes.append((len(raw.encode()), json.loads(raw)))
        done = [(ln, m) for ln, m in sizes if m["type"] == DONE_EV]
        assert done[0][0] >= n and isinstance(_find(done[0][1], "x_emu_padding"), str), \
            "first completed must be ≥ %d bytes with x_emu_padding (is %d)" % (n, done[0][0])
        assert all("x_emu_padding" not in json.dumps(m) for ln, m in sizes
                   if m is not done[0][1]), "only the first final is padded"
        await rt.close()


@timeout(20)
async def test_realtime_slow(ctx):
    async with ctx.emulator() as e:
        rt = await Realtime.open(e, faults="slow:0.5")
        await rt.update({"turn_detection": {"type": "server_vad", "silence_duration_ms": 200}})
        t0 = time.monotonic()
        await rt.append(audio(("s", 200), ("t", 600), ("s", 400)))
        evs = await rt.until(DONE_EV, timeout=8)
        dt = time.monotonic() - t0
        started = evs[0]
        assert started["type"] == "input_audio_buffer.speech_started", dump(evs)
        assert dt >= 1.55, "slow:0.5: the item for ~800 ms of audio completed after %.2f s" % dt
        await rt.close()
