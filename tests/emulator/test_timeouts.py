"""Wall-clock timeouts under --time-scale: 23 s no-data, 60 s silence, 60 s idle connection.

With --time-scale 0.05 the 23 s timeout is 1.15 s and the 60 s ones are 3 s; the bounds below
separate them from each other and from "never"."""

import asyncio
import time

from emu import (Duplex, Realtime, audio, check_rt_error, check_task_failed, dump, expect_closed,
                 finals, silence, timeout, tone)

SCALE = 0.05
NO_DATA_S = 23 * SCALE
SILENCE_S = 60 * SCALE


async def _wait_failed(d, timeout_s):
    msgs = []
    while True:
        m = await d.recv(timeout_s)
        msgs.append(m)
        if m["header"]["event"] != "result-generated":
            return m, msgs


@timeout(15)
async def test_no_data_timeout(ctx):
    async with ctx.emulator("--time-scale", str(SCALE)) as e:
        d = await Duplex.open(e)
        await d.start()
        t0 = time.monotonic()
        msg = await d.recv(6)
        dt = time.monotonic() - t0
        check_task_failed(msg, d.task_id, "CLIENT_ERROR", "request timeout after 23 seconds.")
        assert NO_DATA_S * 0.9 <= dt <= NO_DATA_S + 1.2, \
            "23 s x %.2f = %.2f s expected, task-failed came after %.2f s" % (SCALE, NO_DATA_S, dt)
        await expect_closed(d.ws, 3, d.log)


@timeout(15)
async def test_no_data_timeout_scales(ctx):
    async with ctx.emulator("--time-scale", "0.1") as e:
        d = await Duplex.open(e)
        await d.start()
        t0 = time.monotonic()
        msg = await d.recv(8)
        dt = time.monotonic() - t0
        check_task_failed(msg, d.task_id, "CLIENT_ERROR", "request timeout after 23 seconds.")
        assert 2.3 * 0.9 <= dt <= 2.3 + 1.2, "23 s x 0.1 expected, got %.2f s" % dt


@timeout(15)
async def test_no_data_timer_reset_by_any_message(ctx):
    async with ctx.emulator("--time-scale", str(SCALE)) as e:
        d = await Duplex.open(e)
        await d.start(parameters={"heartbeat": True})
        t_end = time.monotonic() + 2.5
        kinds = [b"\x00\x00" * 160, "continue"]
        i = 0
        while time.monotonic() < t_end:
            k = kinds[i % 2]
            if k == "continue":
                await d.send_json({"header": {"action": "continue-task", "task_id": d.task_id,
                                              "streaming": "duplex"},
                                   "payload": {"input": {}}})
            else:
                await d.ws.send(k)
            i += 1
            await asyncio.sleep(0.4)
        t_last = time.monotonic()
        msg, _ = await _wait_failed(d, 6)
        dt = time.monotonic() - t_last
        check_task_failed(msg, d.task_id, "CLIENT_ERROR", "request timeout after 23 seconds.")
        assert NO_DATA_S * 0.6 <= dt <= NO_DATA_S + 1.2, \
            "the 23 s timer must restart at the last client message; failed %.2f s after it" % dt


@timeout(20)
async def test_silence_timeout_without_heartbeat(ctx):
    async with ctx.emulator("--time-scale", str(SCALE)) as e:
        d = await Duplex.open(e)
        await d.start()
        t0 = time.monotonic()
        failed = None
        spoke_at = None
        while failed is None and time.monotonic() - t0 < 10:
            elapsed = time.monotonic() - t0
            if spoke_at is None and elapsed >= 1.5:
                await d.ws.send(tone(300))
                spoke_at = elapsed
            else:
                await d.ws.send(silence(100))
            try:
                m = await d.recv(0.1)
            except AssertionError:
                continue
            if m["header"]["event"] != "result-generated":
                failed = m
        dt = time.monotonic() - t0
        assert failed is not None, "no ResponseTimeout within 10 s of silence; %s" % d.log
        check_task_failed(failed, d.task_id, "ResponseTimeout", "Response timeout!")
        assert spoke_at + SILENCE_S * 0.85 <= dt <= spoke_at + 0.3 + SILENCE_S + 1.5, \
            "60 s x %.2f after the last speech (at %.1f s) expected; failed at %.2f s" % (
                SCALE, spoke_at, dt)
        await expect_closed(d.ws, 3, d.log)


@timeout(20)
async def test_heartbeat_keeps_silent_task_alive(ctx):
    async with ctx.emulator("--time-scale", str(SCALE)) as e:
        d = await Duplex.open(e)
        await d.start(parameters={"heartbeat": True})
        t0 = time.monotonic()
        got = []
        while time.monotonic() - t0 < SILENCE_S + 1.5:
            await d.ws.send(silence(100))
            got += await d.collect(0.1)
        for m in got:
            assert m["header"]["event"] == "result-generated", \
                "heartbeat:true + silent audio must keep the task alive: %s" % dump(m)
            assert m["payload"]["output"]["sentence"]["heartbeat"] is True, dump(m)
        assert len(got) >= 2, "expected heartbeats while streaming silence; %s" % d.log
        res = await d.finish()
        assert finals(res) == [], d.log


@timeout(15)
async def test_idle_connection_closed_after_task(ctx):
    async with ctx.emulator("--time-scale", str(SCALE)) as e:
        d = await Duplex.open(e)
        await d.start()
        await d.send_audio(audio(("t", 300)))
        await d.finish()
        t0 = time.monotonic()
        code, reason, clean = await expect_closed(d.ws, SILENCE_S + 3, d.log)
        dt = time.monotonic() - t0
        assert clean and code == 1000 and reason == "idle timeout", \
            "idle close must be code 1000 reason 'idle timeout', got %r %r (close frame: %s)" % (
                code, reason, clean)
        assert SILENCE_S * 0.9 <= dt <= SILENCE_S + 1.5, \
            "idle close expected after 60 s x %.2f, came after %.2f s" % (SCALE, dt)


@timeout(15)
async def test_idle_connection_closed_without_task(ctx):
    async with ctx.emulator("--time-scale", str(SCALE)) as e:
        d = await Duplex.open(e)
        t0 = time.monotonic()
        code, reason, clean = await expect_closed(d.ws, SILENCE_S + 3, d.log)
        dt = time.monotonic() - t0
        assert clean and code == 1000 and reason == "idle timeout", (code, reason, clean)
        assert SILENCE_S * 0.9 <= dt <= SILENCE_S + 1.5, \
            "idle close expected after %.2f s, came after %.2f s" % (SILENCE_S, dt)


@timeout(15)
async def test_realtime_no_data_timeout(ctx):
    async with ctx.emulator("--time-scale", str(SCALE)) as e:
        rt = await Realtime.open(e)
        t0 = time.monotonic()
        ev = await rt.recv(6)
        dt = time.monotonic() - t0
        check_rt_error(ev, code="request_timeout")
        assert NO_DATA_S * 0.9 <= dt <= NO_DATA_S + 1.2, \
            "request_timeout expected after %.2f s, came after %.2f s" % (NO_DATA_S, dt)
        await expect_closed(rt.ws, 3, rt.log)
