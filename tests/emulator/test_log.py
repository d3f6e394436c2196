"""--log FILE: JSON lines with handshake (hashed authorization), recv/send records, closes."""

import asyncio
import base64
import hashlib
import json

import websockets

from emu import (Duplex, Realtime, audio, connect, dump, is_int, is_num, new_task_id, raw_http,
                 run_task_msg, wait_for_log)

KEY = "sk-SECRETconformance7f3a9b1c"
SHA8 = hashlib.sha256(KEY.encode()).hexdigest()[:8]


def _by_conn(recs, conn):
    return [r for r in recs if r.get("conn") == conn]


async def test_duplex_log_records(ctx):
    log = ctx.tmp("emu.log")
    async with ctx.emulator("--log", log) as e:
        hdrs = [("User-Agent", "conformance/1.0"), ("X-DashScope-WorkSpace", "ws-42")]
        d = Duplex(await connect(e.duplex_url("delay-start:10"), key=KEY, headers=hdrs))
        await d.start()
        run_task_sent = run_task_msg(d.task_id)  # shape of what Duplex.start sent
        frames = [b"\x00\x01" * 1600, b"\x00\x01" * 800, b"\x01" * 7]
        for f in frames:
            await d.ws.send(f)
            await asyncio.sleep(0.3)
        await d.send_audio(audio(("t", 500)))
        received = [d.log.items[0]]
        received += await d.finish()
        received.append(d.log.items[-1])
        await d.ws.close(1000, "bye")
        data, recs = await wait_for_log(
            log, lambda rs: any(r.get("event") == "close" for r in rs))
    assert KEY.encode() not in data, "the API key appears in the log"
    for form in (base64.b64encode(KEY.encode()), hashlib.sha256(KEY.encode()).hexdigest().encode(),
                 KEY[4:].encode()):
        assert form not in data, "the API key appears in the log in another form: %r" % form
    prev = -1.0
    for r in recs:
        assert is_num(r.get("t")) and is_int(r.get("conn")) and r["conn"] >= 1 and \
            isinstance(r.get("event"), str), "every record has t, conn, event: %s" % dump(r)
        assert r["t"] >= prev, "t must increase: %s after t=%s" % (dump(r), prev)
        prev = r["t"]
    conn = [r for r in recs if r["event"] == "handshake"][0]["conn"]
    assert conn == 1, "connection numbers start at 1: %s" % dump(recs)
    mine = _by_conn(recs, conn)
    hs = mine[0]
    assert hs["event"] == "handshake", dump(hs)
    assert hs["path"] == "/api-ws/v1/inference" and hs["query"] == "faults=delay-start:10", dump(hs)
    assert hs["status"] == 101, dump(hs)
    h = hs["headers"]
    assert all(k == k.lower() for k in h), "header names lowercase: %s" % dump(hs)
    assert h.get("user-agent") == "conformance/1.0" and h.get("x-dashscope-workspace") == "ws-42", \
        dump(hs)
    assert h.get("authorization") == {"scheme": "Bearer", "sha256_8": SHA8}, \
        "authorization must be logged as scheme + first 8 hex of sha256(key): %s" % dump(hs)
    rt_ = [r["json"] for r in mine if r["event"] == "recv_text"]
    assert len(rt_) == 2, "two instructions received: %s" % dump(rt_)
    assert rt_[0] == run_task_sent, "recv_text json must be the parsed run-task: %s" % dump(rt_[0])
    assert rt_[1]["header"]["action"] == "finish-task", dump(rt_[1])
    rb = [r for r in mine if r["event"] == "recv_binary"]
    assert [r["bytes"] for r in rb] == [3200, 1600, 7] + [3200] * 5, \
        "recv_binary byte counts: %s" % [r["bytes"] for r in rb]
    for a, b in zip(rb[:3], rb[1:4]):
        assert b["t"] - a["t"] >= 0.25, "recv_binary t is the arrival time: %s %s" % (a, b)
    st = [r["json"] for r in mine if r["event"] == "send_text"]
    assert st == received, "send_text records must be what the client received:\n%s\n%s" % (
        dump(st), dump(received))
    cl = [r for r in mine if r["event"] == "close"]
    assert len(cl) == 1 and cl[0]["code"] == 1000 and cl[0]["by"] == "client", dump(cl)
    assert cl[0].get("reason") == "bye", dump(cl)
    assert mine[-1]["event"] == "close", "close is the connection's last record"


async def test_log_refused_server_close_and_drop(ctx):
    log = ctx.tmp("emu.log")
    async with ctx.emulator("--log", log, "--api-key", KEY) as e:
        raw = await raw_http(e, "/api-ws/v1/inference", [("Authorization", "Bearer wrong-" + KEY)])
        assert raw.status == 401
        raw.close()
        d = Duplex(await connect(e.duplex_url(), key=KEY))
        tid = new_task_id()
        await d.send_json(run_task_msg(tid, model="no-such-model"))
        await d.recv()
        d3 = Duplex(await connect(e.duplex_url(), key=KEY))
        await d3.ws.send("not json {")
        await d3.recv()
        d2 = Duplex(await connect(e.duplex_url("drop:100"), key=KEY))
        await d2.start()
        try:
            await d2.send_audio(audio(("s", 300)))
            await asyncio.wait_for(d2.ws.recv(), 3)
        except websockets.exceptions.ConnectionClosed:
            pass
        data, recs = await wait_for_log(
            log, lambda rs: len([r for r in rs if r.get("event") == "close"]) >= 3)
    assert KEY.encode() not in data and KEY[6:].encode() not in data, "API key in the log"
    hs = [r for r in recs if r["event"] == "handshake"]
    assert len(hs) == 4, dump(hs)
    assert hs[0]["status"] == 401, "refused handshake logged with its status: %s" % dump(hs[0])
    nj = [r for r in recs if r["event"] == "recv_text" and r["conn"] == hs[2]["conn"]]
    assert len(nj) == 1 and nj[0].get("text") == "not json {" and "json" not in nj[0], \
        "non-JSON text is logged as \"text\": %s" % dump(nj)
    hs = hs[:2] + hs[3:]
    wrong_sha = hashlib.sha256(("wrong-" + KEY).encode()).hexdigest()[:8]
    assert hs[0]["headers"].get("authorization") == {"scheme": "Bearer", "sha256_8": wrong_sha}, \
        dump(hs[0])
    assert [h["status"] for h in hs[1:]] == [101, 101], dump(hs)
    conns = [h["conn"] for h in hs]
    assert conns == sorted(conns) and len(set(conns)) == 3, dump(hs)
    cl = {r["conn"]: r for r in recs if r["event"] == "close"}
    assert cl.get(hs[1]["conn"], {}).get("by") == "server", \
        "task-failed close is by the server: %s" % dump(cl)
    assert cl.get(hs[2]["conn"], {}).get("by") == "drop", "drop fault logged as by drop: %s" % (
        dump(cl))


async def test_realtime_append_audio_summarised(ctx):
    log = ctx.tmp("emu.log")
    async with ctx.emulator("--log", log) as e:
        rt = await Realtime.open(e, key=KEY)
        pcm = audio(("s", 100))
        await rt.append(pcm)
        await rt.append(b"\x01\x02\x03")
        await rt.send({"type": "session.finish"})
        await rt.until("session.finished")
        await rt.close()
        data, recs = await wait_for_log(log, lambda rs: any(r["event"] == "close" for r in rs))
    assert KEY.encode() not in data
    appends = [r["json"] for r in recs if r["event"] == "recv_text" and
               r["json"].get("type") == "input_audio_buffer.append"]
    assert len(appends) == 2, dump(appends)
    assert appends[0]["audio"] == {"base64_chars": len(base64.b64encode(pcm)), "bytes": len(pcm)}, \
        dump(appends[0])
    assert appends[1]["audio"] == {"base64_chars": 4, "bytes": 3}, dump(appends[1])
    hs = [r for r in recs if r["event"] == "handshake"][0]
    assert hs["path"] == "/api-ws/v1/realtime" and hs["query"] == "model=qwen3-asr-flash-realtime", \
        dump(hs)
    sent = [r["json"]["type"] for r in recs if r["event"] == "send_text"]
    assert sent[0] == "session.created" and sent[-1] == "session.finished", sent


async def test_log_to_stderr(ctx):
    async with ctx.emulator("--log", "-") as e:
        d = Duplex(await connect(e.duplex_url(), key=KEY))
        await d.start()
        await d.close()
        await asyncio.sleep(0.3)
        err = e.stderr_text()
    assert KEY not in err, "API key on stderr"
    recs = []
    for line in err.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                recs.append(json.loads(line))
            except ValueError:
                pass
    assert any(r.get("event") == "handshake" and r.get("status") == 101 for r in recs), \
        "--log - must write the JSON lines to stderr: %r" % err[-1000:]
