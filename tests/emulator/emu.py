"""Shared helpers for the dsasr-emulator conformance suite.

Independent of the emulator's code: everything here is written from the interface contract
(notes/emulator-spec.md) and protocol.md. Standard library + python3-websockets 10.4 only.

- Emulator: starts the binary (always on --port 0 unless the test asks otherwise), reads the
  port from the first stdout line with a timeout, and always terminates the process.
- Audio: synthetic s16le tones/silence whose speech boundaries are exact 10 ms frames.
- RawWS: a tiny RFC 6455 client over a socket, for HTTP error bodies and frame-level checks.
- Duplex / Realtime: thin client helpers that record every message for assertion messages.
- check_*: exact JSON shape checkers for every server message kind of the contract.
"""

import asyncio
import base64
import contextlib
import hashlib
import json
import math
import os
import re
import select
import signal
import socket
import struct
import subprocess
import tempfile
import time
import uuid

import websockets

STARTUP_TIMEOUT_S = 10.0
DUPLEX_PATH = "/api-ws/v1/inference"
REALTIME_PATH = "/api-ws/v1/realtime"
DEFAULT_KEY = "sk-conformance-0123456789abcdef"

def timeout(seconds):
    """Decorator: hard time limit of one test (default 20 s, see run.py)."""

    def deco(fn):
        fn.timeout_s = seconds
        return fn

    return deco


# --------------------------------------------------------------------------------------------
# Context passed to every test
# --------------------------------------------------------------------------------------------


class Context:
    def __init__(self, emulator_path, data_dir, tmp_dir):
        self.emulator_path = emulator_path
        self.data_dir = data_dir
        self.tmp_dir = tmp_dir
        self._started = []

    def data(self, name):
        return os.path.join(self.data_dir, name)

    def tmp(self, name):
        return os.path.join(self.tmp_dir, name)

    def write_script(self, lines, name="script.txt"):
        path = self.tmp(name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        return path

    @contextlib.asynccontextmanager
    async def emulator(self, *args, stdout_timeout=STARTUP_TIMEOUT_S):
        emu = Emulator(self.emulator_path, list(args), self.tmp_dir)
        self._started.append(emu)
        await asyncio.get_running_loop().run_in_executor(None, emu.start, stdout_timeout)
        try:
            yield emu
        finally:
            emu.stop()

    def stop_all(self):
        for emu in self._started:
            emu.stop()


class Emulator:
    def __init__(self, path, args, tmp_dir):
        self.path = path
        self.args = list(args)
        if "--port" not in self.args:
            self.args = ["--port", "0"] + self.args
        self.tmp_dir = tmp_dir
        self.proc = None
        self.port = None
        self.first_line = None
        fd, self.stderr_path = tempfile.mkstemp(prefix="emu-stderr-", dir=tmp_dir)
        os.close(fd)
        self.scheme = "wss" if "--tls" in self.args else "ws"
        self.host = "127.0.0.1"
        if "--host" in self.args:
            self.host = self.args[self.args.index("--host") + 1]

    def start(self, timeout_s):
        self._stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen([self.path] + self.args, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=self._stderr)
        line = read_line_with_timeout(self.proc.stdout, timeout_s)
        if line is None:
            self.stop()
            raise AssertionError(
                "emulator %r printed no port line within %.0f s (exit=%r); stderr:\n%s" %
                (self.args, timeout_s, self.proc.returncode, self.stderr_text()))
        self.first_line = line
        text = line.decode("utf-8", "replace").rstrip("\n")
        assert re.fullmatch(r"[0-9]+", text), \
            "first stdout line must be the port number alone, got %r" % line
        self.port = int(text)
        assert 0 < self.port < 65536, "bad port %r" % text

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        with contextlib.suppress(Exception):
            self.proc.stdout.close()
        with contextlib.suppress(Exception):
            self._stderr.close()

    def stderr_text(self):
        with contextlib.suppress(Exception):
            self._stderr.flush()
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")[-4000:]

    def url(self, path=DUPLEX_PATH, query=None, host=None):
        h = host or self.host
        if ":" in h and not h.startswith("["):
            h = "[%s]" % h
        u = "%s://%s:%d%s" % (self.scheme, h, self.port, path)
        if query:
            u += "?" + query
        return u

    def duplex_url(self, faults=None, slash=False):
        return self.url(DUPLEX_PATH + ("/" if slash else ""),
                        "faults=" + faults if faults else None)

    def realtime_url(self, model="qwen3-asr-flash-realtime", faults=None):
        q = "model=" + model
        if faults:
            q += "&faults=" + faults
        return self.url(REALTIME_PATH, q)


def read_line_with_timeout(pipe, timeout_s):
    """Reads one line from a binary pipe without blocking past timeout_s."""
    deadline = time.monotonic() + timeout_s
    buf = b""
    fd = pipe.fileno()
    while b"\n" not in buf:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(fd, 1)
        if not chunk:
            return None
        buf += chunk
    return buf


# --------------------------------------------------------------------------------------------
# Audio
# --------------------------------------------------------------------------------------------


def silence(ms, rate=16000):
    return b"\x00\x00" * (rate * ms // 1000)


def tone(ms, rate=16000, amp=8000, freq_hz=440.0):
    n = rate * ms // 1000
    return struct.pack("<%dh" % n,
                       *(int(amp * math.sin(2 * math.pi * freq_hz * i / rate)) for i in range(n)))


def audio(*parts, rate=16000, amp=8000):
    """parts: ("t", ms) speech tone / ("s", ms) silence. Returns s16le bytes."""
    out = []
    for kind, ms in parts:
        out.append(tone(ms, rate, amp) if kind == "t" else silence(ms, rate))
    return b"".join(out)


def ms_of(nbytes, rate=16000):
    return nbytes * 1000 // (2 * rate)


def wav_header(pcm_len, rate=16000, extra_chunks=b""):
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * 2, 2, 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + extra_chunks + \
        b"data" + struct.pack("<I", pcm_len)
    return b"RIFF" + struct.pack("<I", len(body) + pcm_len) + body


def parse_wav(data):
    """Checks a canonical PCM WAV properly; returns (rate, channels, bits, pcm bytes, data offset)."""
    assert data[0:4] == b"RIFF" and data[8:12] == b"WAVE", "not a RIFF/WAVE file"
    riff_len = struct.unpack("<I", data[4:8])[0]
    assert riff_len + 8 == len(data), "RIFF size %d does not match file size %d" % (riff_len,
                                                                                    len(data))
    pos = 12
    fmt = None
    while pos + 8 <= len(data):
        cid = data[pos:pos + 4]
        clen = struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + clen]
        if cid == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
        elif cid == b"data":
            assert fmt is not None, "data chunk before fmt chunk"
            tag, channels, rate, byte_rate, align, bits = fmt
            assert tag == 1, "not PCM (format tag %d)" % tag
            assert byte_rate == rate * channels * bits // 8 and align == channels * bits // 8
            assert pos + 8 + clen == len(data), "data chunk does not end the file"
            return rate, channels, bits, body, pos + 8
        pos += 8 + clen + (clen & 1)
    raise AssertionError("no data chunk")


def vad_segments(pcm, rate=16000, silence_ms=1300, threshold=300.0):
    """Reference energy VAD of the contract: returns [(begin_ms, end_ms)] of speech segments."""
    frame = rate // 100
    n = len(pcm) // 2
    samples = struct.unpack("<%dh" % n, pcm[:n * 2])
    segs = []
    cur = None
    for i in range(0, n // frame):
        x = samples[i * frame:(i + 1) * frame]
        rms = math.sqrt(sum(v * v for v in x) / frame)
        t = i * 10
        if rms > threshold:
            if cur is None:
                cur = [t, t + 10]
            cur[1] = t + 10
        elif cur is not None and t + 10 - cur[1] >= silence_ms:
            segs.append(tuple(cur))
            cur = None
    if cur is not None:
        segs.append(tuple(cur))
    return segs


# --------------------------------------------------------------------------------------------
# JSON helpers
# --------------------------------------------------------------------------------------------


def dump(obj, limit=3000):
    s = json.dumps(obj, ensure_ascii=False) if not isinstance(obj, str) else obj
    return s if len(s) <= limit else s[:limit] + "...(%d chars)" % len(s)


def is_int(v):
    return type(v) is int


def is_num(v):
    return type(v) in (int, float)


def is_str(v):
    return type(v) is str


def is_bool(v):
    return type(v) is bool


def assert_keys(obj, required, optional=(), where="", whole=None):
    assert isinstance(obj, dict), "%s: expected an object, got %s in %s" % (where, dump(obj),
                                                                            dump(whole or obj))
    keys = set(obj)
    missing = set(required) - keys
    extra = keys - set(required) - set(optional)
    assert not missing, "%s: missing members %s in %s" % (where, sorted(missing), dump(whole or obj))
    assert not extra, "%s: unexpected members %s in %s" % (where, sorted(extra), dump(whole or obj))


def strip_unknown(obj):
    """Removes x_emu_* members recursively (for checking shapes under the unknown-fields fault)."""
    if isinstance(obj, dict):
        return {k: strip_unknown(v) for k, v in obj.items() if not k.startswith("x_emu_")}
    if isinstance(obj, list):
        return [strip_unknown(v) for v in obj]
    return obj


HEX_RE = re.compile(r"[0-9a-fA-F]+")
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?"
                     r"[0-9a-fA-F]{12}")


def new_task_id():
    return uuid.uuid4().hex


# --- duplex shapes --------------------------------------------------------------------------


def check_header(msg, task_id, event, extra=()):
    assert_keys(msg, ["header", "payload"], where="message", whole=msg)
    h = msg["header"]
    assert_keys(h, ["task_id", "event", "attributes"] + list(extra), where="header", whole=msg)
    assert h["event"] == event, "expected event %r, got %s" % (event, dump(msg))
    if task_id is not None:
        assert h["task_id"] == task_id, "task_id not echoed (want %r): %s" % (task_id, dump(msg))
    assert is_str(h["task_id"]), dump(msg)
    assert h["attributes"] == {}, "attributes must be {}: %s" % dump(msg)


def check_task_started(msg, task_id):
    check_header(msg, task_id, "task-started")
    assert msg["payload"] == {}, "task-started payload must be {}: %s" % dump(msg)


def check_task_finished(msg, task_id):
    check_header(msg, task_id, "task-finished")
    assert msg["payload"] == {"output": {}, "usage": None}, \
        "task-finished payload must be {\"output\":{},\"usage\":null}: %s" % dump(msg)


def check_task_failed(msg, task_id=None, code=None, message=None, message_contains=None):
    check_header(msg, task_id, "task-failed", extra=("error_code", "error_message"))
    h = msg["header"]
    assert is_str(h["error_code"]) and h["error_code"], dump(msg)
    assert is_str(h["error_message"]) and h["error_message"], dump(msg)
    if code is not None:
        assert h["error_code"] == code, "error_code %r expected: %s" % (code, dump(msg))
    if message is not None:
        assert h["error_message"] == message, "error_message %r expected: %s" % (message, dump(msg))
    if message_contains is not None:
        for m in ([message_contains] if isinstance(message_contains, str) else message_contains):
            assert m.lower() in h["error_message"].lower(), \
                "error_message should mention %r: %s" % (m, dump(msg))
    assert msg["payload"] == {}, "task-failed payload must be {}: %s" % dump(msg)


def check_word(w, msg, gummy=False, fixed=None):
    req = ["begin_time", "end_time", "text", "punctuation"]
    if gummy:
        req += ["fixed", "speaker_id"]
    assert_keys(w, req, where="word", whole=msg)
    assert is_int(w["begin_time"]) and is_int(w["end_time"]), "word times must be ints: %s" % dump(
        msg)
    assert w["begin_time"] <= w["end_time"], "word begin > end: %s" % dump(w)
    assert is_str(w["text"]) and w["text"], "word text must be a non-empty string: %s" % dump(msg)
    assert is_str(w["punctuation"]), dump(msg)
    if gummy:
        assert is_bool(w["fixed"]), dump(msg)
        assert w["speaker_id"] is None, "speaker_id must be null: %s" % dump(msg)
        if fixed is not None:
            assert w["fixed"] is fixed, "words must have fixed=%s: %s" % (fixed, dump(msg))


def check_fun_sentence(msg, task_id=None, emo=False):
    """Fun-ASR / Paraformer result-generated. Returns the sentence. emo: paraformer-8k-v2."""
    check_header(msg, task_id, "result-generated")
    p = msg["payload"]
    assert_keys(p, ["output", "usage"], where="payload", whole=msg)
    assert_keys(p["output"], ["sentence"], where="output", whole=msg)
    s = p["output"]["sentence"]
    final = s.get("sentence_end") is True
    req = ["begin_time", "end_time", "text", "heartbeat", "sentence_end", "sentence_id", "words"]
    if emo and final:
        req += ["emo_tag", "emo_confidence"]
    assert_keys(s, req, where="sentence", whole=msg)
    assert is_bool(s["heartbeat"]) and is_bool(s["sentence_end"]), dump(msg)
    assert is_int(s["begin_time"]) and s["begin_time"] >= 0, dump(msg)
    assert is_int(s["sentence_id"]), dump(msg)
    assert is_str(s["text"]), dump(msg)
    assert isinstance(s["words"], list), dump(msg)
    if s["heartbeat"]:
        return s
    assert s["heartbeat"] is False, dump(msg)
    for w in s["words"]:
        check_word(w, msg)
    if final:
        assert is_int(s["end_time"]), "final end_time must be an int: %s" % dump(msg)
        assert s["end_time"] >= s["begin_time"], dump(msg)
        assert s["sentence_id"] >= 1, "sentence_id starts at 1: %s" % dump(msg)
        assert isinstance(p["usage"], dict), "final usage must be an object: %s" % dump(msg)
        assert_keys(p["usage"], ["duration"], where="usage", whole=msg)
        assert is_int(p["usage"]["duration"]), dump(msg)
        if emo:
            assert s["emo_tag"] == "neutral" and s["emo_confidence"] == 0.9, dump(msg)
    else:
        assert s["end_time"] is None, "interim end_time must be null: %s" % dump(msg)
        assert p["usage"] is None, "interim usage must be null: %s" % dump(msg)
    return s


GUMMY_OPTIONAL = ("current_time", "stash", "pre_end_failed", "pre_end_timemillis",
                  "pre_end_start_time", "pre_end_end_time")


def check_gummy_part(part, msg, translation=False):
    req = ["sentence_id", "begin_time", "end_time", "text", "words", "sentence_end", "vad_pre_end"]
    if translation:
        req.append("lang")
    final = part.get("sentence_end") is True
    if not final:
        req.append("current_time")
    assert_keys(part, req, GUMMY_OPTIONAL, where="translation" if translation else "transcription",
                whole=msg)
    assert is_int(part["sentence_id"]) and part["sentence_id"] >= 0, dump(msg)
    assert is_int(part["begin_time"]), dump(msg)
    assert is_str(part["text"]), dump(msg)
    assert is_bool(part["sentence_end"]), dump(msg)
    assert part["vad_pre_end"] is False, "vad_pre_end must be false: %s" % dump(msg)
    if translation:
        assert is_str(part["lang"]), dump(msg)
    if final:
        assert is_int(part["end_time"]), "final end_time must be an int: %s" % dump(msg)
    else:
        assert part["end_time"] is None, "interim end_time must be null: %s" % dump(msg)
        assert is_int(part["current_time"]), "interim current_time must be an int: %s" % dump(msg)
    assert isinstance(part["words"], list), dump(msg)
    for w in part["words"]:
        check_word(w, msg, gummy=True, fixed=final)


def check_gummy_result(msg, task_id=None):
    check_header(msg, task_id, "result-generated")
    p = msg["payload"]
    assert_keys(p, ["output", "usage"], where="payload", whole=msg)
    out = p["output"]
    assert_keys(out, [], ["transcription", "translations"], where="output", whole=msg)
    assert out, "result-generated with an empty output: %s" % dump(msg)
    final = False
    if "transcription" in out:
        check_gummy_part(out["transcription"], msg)
        final = final or out["transcription"]["sentence_end"]
    if "translations" in out:
        assert isinstance(out["translations"], list) and out["translations"], dump(msg)
        for t in out["translations"]:
            check_gummy_part(t, msg, translation=True)
            final = final or t["sentence_end"]
    if final:
        assert isinstance(p["usage"], dict) and is_int(p["usage"].get("duration")), \
            "final usage must be {duration:int}: %s" % dump(msg)
    else:
        assert p["usage"] is None, "interim usage must be null: %s" % dump(msg)
    return out


# --- realtime shapes ------------------------------------------------------------------------


def check_event_id(ev):
    eid = ev.get("event_id")
    assert is_str(eid) and eid.startswith("event_") and HEX_RE.fullmatch(eid[6:]), \
        "event_id must be 'event_'+hex: %s" % dump(ev)


def check_rt_event(ev, type_, required=(), optional=()):
    assert isinstance(ev, dict), dump(ev)
    assert ev.get("type") == type_, "expected %r event, got %s" % (type_, dump(ev))
    assert_keys(ev, ["event_id", "type"] + list(required), optional, where=type_, whole=ev)
    check_event_id(ev)


def check_session(ev, type_, model):
    check_rt_event(ev, type_, ["session"])
    s = ev["session"]
    for k in ("id", "object", "model", "modalities", "input_audio_format", "sample_rate",
              "input_audio_transcription", "turn_detection"):
        assert k in s, "session.%s missing: %s" % (k, dump(ev))
    assert is_str(s["id"]) and s["id"].startswith("sess_") and HEX_RE.fullmatch(s["id"][5:]), \
        "session.id must be 'sess_'+hex: %s" % dump(ev)
    assert s["object"] == "realtime.session", dump(ev)
    assert s["model"] == model, "session.model must be %r: %s" % (model, dump(ev))
    assert s["modalities"] == ["text"], dump(ev)
    assert isinstance(s["input_audio_transcription"], dict), dump(ev)
    assert is_int(s["sample_rate"]), dump(ev)
    return s


def check_rt_error(ev, code=None, param=None, client_event_id="__any__"):
    check_rt_event(ev, "error", ["error"])
    e = ev["error"]
    assert_keys(e, ["type", "code", "message", "param", "event_id"], where="error", whole=ev)
    assert is_str(e["type"]) and e["type"], dump(ev)
    assert is_str(e["code"]) and e["code"], dump(ev)
    assert is_str(e["message"]) and e["message"], dump(ev)
    if code is not None:
        assert e["code"] == code, "error.code %r expected: %s" % (code, dump(ev))
    if param is not None:
        assert e["param"] == param, "error.param %r expected: %s" % (param, dump(ev))
    if client_event_id != "__any__":
        assert e["event_id"] == client_event_id, \
            "error.event_id must be the client's event id %r: %s" % (client_event_id, dump(ev))
    return e


# --------------------------------------------------------------------------------------------
# WebSocket clients
# --------------------------------------------------------------------------------------------


def auth_headers(key=DEFAULT_KEY, scheme="Bearer"):
    return [("Authorization", "%s %s" % (scheme, key))]


async def connect(url, key=DEFAULT_KEY, headers=None, ssl_ctx=None, scheme="Bearer"):
    hdrs = auth_headers(key, scheme) if key is not None else []
    hdrs += headers or []
    kwargs = dict(extra_headers=hdrs, max_size=None, ping_interval=None, open_timeout=5,
                  close_timeout=2)
    if url.startswith("wss:"):
        kwargs["ssl"] = ssl_ctx
    return await websockets.connect(url, **kwargs)


class Transcript:
    """Everything received on one connection, for assertion messages."""

    def __init__(self):
        self.items = []

    def add(self, item):
        self.items.append(item)

    def __str__(self):
        return "\n  ".join(["received so far:"] + [dump(i, 600) for i in self.items[-40:]])


async def recv_json(ws, timeout, log=None, allow_text=False):
    """Next server message, parsed. Raises AssertionError on timeout, binary, non-JSON."""
    try:
        raw = await asyncio.wait_for(ws.recv(), timeout)
    except asyncio.TimeoutError:
        raise AssertionError("no server message within %.1f s; %s" % (timeout, log or ""))
    assert isinstance(raw, str), "server sent a binary frame (%d bytes); %s" % (len(raw), log or "")
    try:
        msg = json.loads(raw)
    except ValueError:
        if allow_text:
            if log is not None:
                log.add(raw)
            return raw
        raise AssertionError("server sent non-JSON text %r; %s" % (raw[:300], log or ""))
    if log is not None:
        log.add(msg)
    return msg


async def expect_closed(ws, timeout=3.0, log=None):
    """Waits for the connection to close; asserts no further message. Returns (code, reason,
    close_frame_received)."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError("server did not close the connection within %.1f s; %s" %
                                 (timeout, log or ""))
        try:
            raw = await asyncio.wait_for(ws.recv(), remaining)
        except asyncio.TimeoutError:
            continue
        except websockets.exceptions.ConnectionClosed as e:
            return (e.rcvd.code if e.rcvd else 1006, e.rcvd.reason if e.rcvd else "",
                    e.rcvd is not None)
        raise AssertionError("expected the server to close, but got another message %s; %s" %
                             (dump(raw, 600), log or ""))


async def assert_silent(ws, seconds, log=None):
    """Asserts that nothing arrives (and no close) for `seconds`."""
    try:
        raw = await asyncio.wait_for(ws.recv(), seconds)
    except asyncio.TimeoutError:
        return
    except websockets.exceptions.ConnectionClosed as e:
        raise AssertionError("connection closed unexpectedly (%s); %s" % (e, log or ""))
    raise AssertionError("unexpected message %s; %s" % (dump(raw, 600), log or ""))


def run_task_msg(task_id, model="fun-asr-realtime", parameters=None, payload_extra=None,
                 drop=(), header_extra=None):
    params = {"format": "pcm", "sample_rate": 16000}
    if parameters:
        params.update(parameters)
    msg = {"header": {"action": "run-task", "task_id": task_id, "streaming": "duplex"},
           "payload": {"task_group": "audio", "task": "asr", "function": "recognition",
                       "model": model, "parameters": params, "input": {}}}
    if payload_extra:
        msg["payload"].update(payload_extra)
    if header_extra:
        msg["header"].update(header_extra)
    for path in drop:
        obj = msg
        parts = path.split(".")
        for p in parts[:-1]:
            obj = obj[p]
        del obj[parts[-1]]
    for k in [k for k, v in params.items() if v is None and k in ("format", "sample_rate")]:
        del params[k]
    return msg


def finish_task_msg(task_id, payload=None):
    return {"header": {"action": "finish-task", "task_id": task_id, "streaming": "duplex"},
            "payload": {"input": {}} if payload is None else payload}


class Duplex:
    """One duplex connection. All received messages are kept in self.log."""

    def __init__(self, ws):
        self.ws = ws
        self.log = Transcript()
        self.task_id = None
        self.t_started = None

    @classmethod
    async def open(cls, emu, faults=None, slash=False, **kw):
        return cls(await connect(emu.duplex_url(faults, slash), **kw))

    async def send_json(self, obj):
        await self.ws.send(json.dumps(obj))

    async def recv(self, timeout=5.0, allow_text=False):
        return await recv_json(self.ws, timeout, self.log, allow_text)

    async def start(self, model="fun-asr-realtime", parameters=None, task_id=None, timeout=5.0):
        self.task_id = task_id or new_task_id()
        await self.send_json(run_task_msg(self.task_id, model, parameters))
        msg = await self.recv(timeout)
        check_task_started(msg, self.task_id)
        self.t_started = time.monotonic()
        return msg

    async def send_audio(self, data, chunk=3200, pause_s=0.0):
        for i in range(0, len(data), chunk):
            await self.ws.send(data[i:i + chunk])
            if pause_s:
                await asyncio.sleep(pause_s)

    async def finish(self, timeout=10.0):
        """Sends finish-task, returns results until task-finished (which is checked)."""
        await self.send_json(finish_task_msg(self.task_id))
        return await self.results_until_finished(timeout)

    async def results_until_finished(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        results = []
        while True:
            msg = await self.recv(max(0.01, deadline - time.monotonic()))
            ev = msg.get("header", {}).get("event")
            if ev == "task-finished":
                check_task_finished(msg, self.task_id)
                return results
            assert ev == "result-generated", "unexpected event before task-finished: %s\n%s" % (
                dump(msg), self.log)
            results.append(msg)

    async def collect(self, seconds):
        """All messages arriving within `seconds` (stops early on close)."""
        out = []
        deadline = time.monotonic() + seconds
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return out
            try:
                out.append(await recv_json(self.ws, remaining, self.log))
            except AssertionError as e:
                if "no server message" in str(e):
                    return out
                raise
            except websockets.exceptions.ConnectionClosed:
                return out

    async def close(self):
        with contextlib.suppress(Exception):
            await self.ws.close()


def sentences(results):
    """Fun/Paraformer sentence objects of result-generated messages (heartbeats excluded)."""
    out = []
    for m in results:
        s = m["payload"]["output"]["sentence"]
        if not s["heartbeat"]:
            out.append(s)
    return out


def finals(results):
    return [s for s in sentences(results) if s["sentence_end"]]


def event_id():
    return "event_" + uuid.uuid4().hex


class Realtime:
    def __init__(self, ws, model):
        self.ws = ws
        self.model = model
        self.log = Transcript()
        self.created = None

    @classmethod
    async def open(cls, emu, model="qwen3-asr-flash-realtime", faults=None, expect_created=True,
                   **kw):
        rt = cls(await connect(emu.realtime_url(model, faults), **kw), model)
        if expect_created:
            rt.created = await rt.recv()
            check_session(rt.created, "session.created", model)
        return rt

    async def send(self, obj):
        if "event_id" not in obj:
            obj = dict(obj, event_id=event_id())
        await self.ws.send(json.dumps(obj))
        return obj["event_id"]

    async def recv(self, timeout=5.0):
        ev = await recv_json(self.ws, timeout, self.log)
        check_event_id(ev)
        return ev

    async def update(self, session, expect="session.updated", timeout=5.0):
        eid = await self.send({"type": "session.update", "session": session})
        ev = await self.recv(timeout)
        if expect:
            assert ev.get("type") == expect, "expected %s after session.update, got %s\n%s" % (
                expect, dump(ev), self.log)
        return eid, ev

    async def append(self, pcm, chunk=3200):
        for i in range(0, len(pcm), chunk):
            await self.send({"type": "input_audio_buffer.append",
                             "audio": base64.b64encode(pcm[i:i + chunk]).decode()})

    async def until(self, type_, timeout=10.0):
        """Events up to and including the first of type `type_`."""
        deadline = time.monotonic() + timeout
        out = []
        while True:
            ev = await self.recv(max(0.01, deadline - time.monotonic()))
            out.append(ev)
            if ev.get("type") == type_:
                return out
            assert ev.get("type") != "error", "unexpected error event %s\n%s" % (dump(ev), self.log)

    async def close(self):
        with contextlib.suppress(Exception):
            await self.ws.close()


# --------------------------------------------------------------------------------------------
# Raw RFC 6455 client (frame-level view, HTTP error bodies)
# --------------------------------------------------------------------------------------------


class RawWS:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.status = None
        self.headers = {}
        self.body = b""

    @classmethod
    def open(cls, host, port, path, headers=(), upgrade=True, ssl_ctx=None, timeout=5.0):
        sock = socket.create_connection((host, port), timeout=timeout)
        if ssl_ctx is not None:
            sock = ssl_ctx.wrap_socket(sock, server_hostname=host)
        raw = cls(sock)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = ["GET %s HTTP/1.1" % path, "Host: %s:%d" % (host, port)]
        if upgrade:
            lines += ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: " + key,
                      "Sec-WebSocket-Version: 13"]
        lines += ["%s: %s" % h for h in headers]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        raw._read_response(key if upgrade else None)
        return raw

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("connection closed")
        self.buf += chunk

    def _read_response(self, key):
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        self.status_line = lines[0]
        self.status = int(lines[0].split()[1])
        for line in lines[1:]:
            k, _, v = line.partition(":")
            self.headers[k.strip().lower()] = v.strip()
        if self.status == 101:
            accept = base64.b64encode(hashlib.sha1(
                (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
            assert self.headers.get("sec-websocket-accept") == accept, "bad Sec-WebSocket-Accept"
            return
        if "content-length" in self.headers:
            n = int(self.headers["content-length"])
            while len(self.buf) < n:
                self._fill()
            self.body, self.buf = self.buf[:n], self.buf[n:]
        else:
            with contextlib.suppress(EOFError, OSError):
                while True:
                    self._fill()
            self.body, self.buf = self.buf, b""

    def json_body(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except ValueError:
            raise AssertionError("HTTP %d body is not JSON: %r" % (self.status, self.body[:300]))

    def send_frame(self, opcode, payload, fin=True):
        mask = os.urandom(4)
        b0 = (0x80 if fin else 0) | opcode
        n = len(payload)
        if n < 126:
            hdr = struct.pack("!BB", b0, 0x80 | n)
        elif n < 65536:
            hdr = struct.pack("!BBH", b0, 0x80 | 126, n)
        else:
            hdr = struct.pack("!BBQ", b0, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(hdr + mask + masked)

    def send_text(self, obj):
        self.send_frame(1, json.dumps(obj).encode())

    def send_binary(self, data):
        self.send_frame(2, data)

    def _need(self, n):
        while len(self.buf) < n:
            self._fill()

    def read_frame(self):
        """Returns (fin, opcode, payload). Asserts the server does not mask."""
        self._need(2)
        b0, b1 = self.buf[0], self.buf[1]
        n = b1 & 0x7F
        pos = 2
        if n == 126:
            self._need(4)
            n = struct.unpack("!H", self.buf[2:4])[0]
            pos = 4
        elif n == 127:
            self._need(10)
            n = struct.unpack("!Q", self.buf[2:10])[0]
            pos = 10
        assert not b1 & 0x80, "server frames must not be masked"
        assert not b0 & 0x70, "RSV bits set without an extension"
        self._need(pos + n)
        payload = self.buf[pos:pos + n]
        self.buf = self.buf[pos + n:]
        return bool(b0 & 0x80), b0 & 0x0F, payload

    def read_message(self):
        """Returns (opcode, payload, frames) where frames = [(fin, opcode, len)]."""
        frames = []
        data = b""
        first_op = None
        while True:
            fin, op, payload = self.read_frame()
            frames.append((fin, op, len(payload)))
            if op >= 8:  # control frame, may be interleaved
                if first_op is None:
                    return op, payload, frames
                continue
            if first_op is None:
                first_op = op
            else:
                assert op == 0, "expected a continuation frame, got opcode %d" % op
            data += payload
            if fin:
                return first_op, data, frames

    def close(self):
        with contextlib.suppress(Exception):
            self.sock.close()


async def raw_http(emu, path, headers=(), upgrade=True, ssl_ctx=None):
    return await asyncio.get_running_loop().run_in_executor(
        None, lambda: RawWS.open(emu.host, emu.port, path, headers, upgrade, ssl_ctx))


def check_401(raw, what):
    assert raw.status == 401, "%s: expected HTTP 401, got %r" % (what, raw.status_line)
    ctype = raw.headers.get("content-type", "")
    assert ctype.split(";")[0].strip().lower() == "application/json", \
        "%s: 401 Content-Type must be application/json, got %r" % (what, ctype)
    body = raw.json_body()
    assert_keys(body, ["code", "message", "request_id"], where="401 body", whole=body)
    assert body["code"] == "InvalidApiKey", "%s: %s" % (what, dump(body))
    assert body["message"] == "Invalid API-key provided.", "%s: %s" % (what, dump(body))
    assert is_str(body["request_id"]) and UUID_RE.fullmatch(body["request_id"]), \
        "%s: request_id must be a uuid: %s" % (what, dump(body))


def read_log(path):
    with open(path, "rb") as f:
        data = f.read()
    records = []
    for i, line in enumerate(data.decode("utf-8").splitlines()):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except ValueError:
            raise AssertionError("log line %d is not JSON: %r" % (i + 1, line[:300]))
    return data, records


async def wait_for_log(path, predicate, timeout=3.0):
    deadline = time.monotonic() + timeout
    while True:
        if os.path.exists(path):
            data, recs = read_log(path)
            if predicate(recs):
                return data, recs
        if time.monotonic() > deadline:
            recs = read_log(path)[1] if os.path.exists(path) else []
            raise AssertionError("log condition not met within %.1f s; log tail:\n%s" % (
                timeout, "\n".join(dump(r, 400) for r in recs[-20:])))
        await asyncio.sleep(0.05)


def make_tls(tmp_dir):
    """Throwaway CA + localhost certificate. Returns (ca_pem, cert_pem, key_pem)."""
    d = tempfile.mkdtemp(prefix="tls-", dir=tmp_dir)
    ca_key, ca_crt = os.path.join(d, "ca.key"), os.path.join(d, "ca.pem")
    key, csr, crt = os.path.join(d, "srv.key"), os.path.join(d, "srv.csr"), os.path.join(
        d, "srv.pem")
    ext = os.path.join(d, "ext.cnf")
    with open(ext, "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")

    def run(*args):
        r = subprocess.run(["openssl"] + list(args), capture_output=True, timeout=30)
        assert r.returncode == 0, "openssl %s failed: %s" % (args[0], r.stderr.decode()[-500:])

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca_crt,
        "-days", "2", "-subj", "/CN=dsasr conformance test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj",
        "/CN=localhost")
    run("x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key, "-CAcreateserial", "-out",
        crt, "-days", "2", "-extfile", ext)
    return ca_crt, crt, key
