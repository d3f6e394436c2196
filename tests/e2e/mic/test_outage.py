"""`dsasr mic` through an outage longer than its --buffer: a TCP proxy between dsasr and the
emulator cuts every connection and refuses new ones for a while, like Wi-Fi going away. The
microphone keeps recording; when the buffer is nearly full dsasr drops the oldest audio and
reports the gap (stderr and a jsonl "gap" record); sentences after the outage keep their place on
the input's timeline."""

import json
import re
import socket
import subprocess
import threading
import time

from miclib import *  # noqa: F401,F403
import harness

SPEED = 4.0       # the fake microphone runs at 4x real time
SILENCE_S = 100   # between the two copies of the English sample: the outage falls in here
OUTAGE_S = 8.0    # wall seconds the proxy refuses connections (32 s of audio at 4x)
BUFFER_S = 10     # dsasr --buffer


class CuttableProxy:
    """127.0.0.1:<port> forwarding to 127.0.0.1:<upstream>. cut(seconds) closes every open
    connection and the listening socket, and listens again on the same port afterwards, so
    connection attempts in between are refused."""

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.lock = threading.Lock()
        self.conns = []
        self.stopping = False
        self.listener = self._listen(0)
        self.port = self.listener.getsockname()[1]
        self.accepting = threading.Thread(target=self._accept_loop, daemon=True)

    def _listen(self, port):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        s.listen(16)
        s.settimeout(0.2)
        return s

    def url(self):
        return f"ws://127.0.0.1:{self.port}/api-ws/v1/inference"

    def _accept_loop(self):
        while not self.stopping:
            with self.lock:
                listener = self.listener
            if listener is None:
                time.sleep(0.05)
                continue
            try:
                client, _ = listener.accept()
            except (socket.timeout, OSError):
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), 5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self, seconds):
        with self.lock:
            listener, self.listener = self.listener, None
            conns, self.conns = self.conns, []
        listener.close()
        for s in conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        time.sleep(seconds)
        with self.lock:
            self.listener = self._listen(self.port)

    def __enter__(self):
        self.accepting.start()
        return self

    def __exit__(self, *exc):
        self.stopping = True
        self.accepting.join(5)
        with self.lock:
            if self.listener is not None:
                self.listener.close()
            for s in self.conns:
                s.close()


def test_an_outage_longer_than_the_buffer_drops_the_oldest_audio_and_reports_the_gap():
    clip = samples_of("en.wav")
    clip_ms = len(clip) * 1000 // BYTES_PER_SECOND
    silence = b"\0" * (SILENCE_S * BYTES_PER_SECOND)
    samples = clip + silence + clip
    total_s = len(samples) / BYTES_PER_SECOND
    second_offset_ms = clip_ms + SILENCE_S * 1000
    lines = script_lines("en.txt")

    with Emulator(script="en.txt") as emu, CuttableProxy(emu.port) as proxy, \
            PacedMic(samples, SPEED) as mic:
        p = start_dsasr(["mic", "--endpoint", proxy.url(), "--jsonl", "--buffer", str(BUFFER_S),
                         "--retries", "10", "--duration", f"{total_s:.1f}"], mic)
        records = []
        try:
            # Wait for the first copy's sentences, then take the network away.
            deadline = time.monotonic() + 60
            while sum(r["type"] == "final" for r in records) < len(lines):
                line = harness._read_line(p.stdout, max(0.1, deadline - time.monotonic()))
                if not line:
                    break
                records.append(json.loads(line))
            proxy.cut(OUTAGE_S)
            out, err = p.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
    r = harness.Result(p.returncode, out.decode("utf-8", "replace"),
                       err.decode("utf-8", "replace"))
    records += [json.loads(line) for line in r.out.splitlines()]
    for rec in records:
        harness.validate_record(rec)  # every record follows `dsasr schema`
    check(r.rc == 0, "the run ends normally after the outage", r)

    finals = [x for x in records if x["type"] == "final"]
    gaps = [x for x in records if x["type"] == "gap"]
    check([x["text"] for x in finals] == lines + lines,
          "both copies transcribed, nothing repeated", r)
    check([x["sentence_id"] for x in finals] == list(range(1, 2 * len(lines) + 1)),
          "sentence ids 1..N", r)
    first, second = finals[:len(lines)], finals[len(lines):]
    for a, b in zip(first, second):
        check(abs(b["begin_ms"] - (a["begin_ms"] + second_offset_ms)) <= 50 and
              abs(b["end_ms"] - (a["end_ms"] + second_offset_ms)) <= 50,
              f"after the gap, times stay on the input's timeline: {a} / {b}", r)

    check(len(gaps) == 1, f"one gap record: {gaps}", r)
    gap = gaps[0]
    check(gap["input"] == "mic" and gap["reason"] == "buffer_full", f"gap record: {gap}", r)
    check(gap["duration_ms"] == gap["end_ms"] - gap["begin_ms"], f"gap length: {gap}", r)
    # 8 s of outage is 32 s of audio at 4x; the buffer held at most 10 s of it.
    check(gap["duration_ms"] >= (OUTAGE_S * SPEED - BUFFER_S - 4) * 1000,
          f"the gap covers the outage beyond the buffer: {gap}", r)
    check(first[-1]["end_ms"] <= gap["begin_ms"] and gap["end_ms"] <= second[0]["begin_ms"],
          f"the gap lies in the silence between the copies: {gap}", r)
    order = [x["type"] for x in records if x["type"] in ("final", "gap")]
    check(order.index("gap") == len(lines), "the gap is reported between the copies", r)

    m = re.search(r"lost (\d+\.\d) s of audio, from \S+ to \S+", r.err)
    check(m is not None, "stderr names the lost audio and its length", r)
    check(abs(float(m.group(1)) * 1000 - gap["duration_ms"]) <= 100,
          "stderr and jsonl agree on the length", r)
    check("dropping the oldest audio" in r.err, "the drop is announced when it starts", r)


run_case(globals())
