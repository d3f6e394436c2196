"""Bounded waits (design.md section 3): a server that accepts the connection and then says
nothing, and one that starts the task but never finishes it. dsasr gives up after its fixed
30 s (connect + handshake + task-started) and 60 s (finish-task -> task-finished), says which
wait ran out, and with --retries 0 exits 5. These tests take that long on purpose, and are timing
only: the ASan + UBSan run of scripts/test leaves them out (label timer) and runs the same
watchdogs in unit/app on a fake clock."""

import asyncio
import json
import socket
import threading
import time

from common import *  # noqa: F401,F403


class SilentServer:
    """127.0.0.1:<port> accepts TCP connections and never sends a byte."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.held = []
        self.stopping = False
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        self.sock.settimeout(0.2)
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
                self.held.append(conn)
            except OSError:
                continue

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping = True
        self.thread.join(5)
        for c in self.held:
            c.close()
        self.sock.close()


class NeverFinishingServer:
    """A duplex-protocol server (python3-websockets) that answers run-task with task-started,
    takes audio and finish-task, and never sends task-finished."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.finish_at = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    async def _handler(self, ws, *_):
        import websockets
        try:
            await self._serve(ws)
        except websockets.exceptions.ConnectionClosed:
            pass  # dsasr gave up and dropped the connection: expected

    async def _serve(self, ws):
        async for message in ws:
            if isinstance(message, str):
                msg = json.loads(message)
                header = msg.get("header", {})
                if header.get("action") == "run-task":
                    await ws.send(json.dumps({
                        "header": {"task_id": header.get("task_id"), "event": "task-started",
                                   "attributes": {}}, "payload": {}}))
                elif header.get("action") == "finish-task":
                    self.finish_at = time.monotonic()

    def _run(self):
        import websockets
        asyncio.set_event_loop(self.loop)

        async def main():
            self.stop_future = self.loop.create_future()
            async with websockets.serve(self._handler, "127.0.0.1", 0) as server:
                self.port = server.sockets[0].getsockname()[1]
                self.ready.set()
                await self.stop_future
        self.loop.run_until_complete(main())

    def __enter__(self):
        self.thread.start()
        if not self.ready.wait(10):
            raise AssertionError("the test server did not start")
        return self

    def __exit__(self, *exc):
        self.loop.call_soon_threadsafe(self.stop_future.set_result, None)
        self.thread.join(10)


# Timing only: the Session's 30 s watchdog on a fake clock is unit/app's "a service that never
# starts the task is abandoned after 30 s and retried", which the ASan run keeps.
# ctest-labels: timer
def test_a_server_that_never_answers_times_out_after_30_s():
    with SilentServer() as server:
        start = time.monotonic()
        r = dsasr("file", data("en.wav"), "--speed", "max", "--retries", "0", "--endpoint",
                  f"ws://127.0.0.1:{server.port}/api-ws/v1/inference", timeout=90)
        elapsed = time.monotonic() - start
    check(r.rc == 5, "gives up with exit 5", r)
    check("did not start the task within 30 s" in r.err, "says which wait ran out", r)
    check(29 <= elapsed <= 60, f"after about 30 s, not {elapsed:.1f} s", r)
    check(r.out == "", "nothing on stdout", r)


# Timing only: the Session's 60 s watchdog on a fake clock is unit/app's "a service that never
# finishes the task is abandoned 60 s after finish-task", which the ASan run keeps.
# ctest-labels: timer
def test_a_task_that_never_finishes_times_out_60_s_after_finish_task():
    with NeverFinishingServer() as server:
        r = dsasr("file", data("en.wav"), "--speed", "max", "--retries", "0", "--endpoint",
                  f"ws://127.0.0.1:{server.port}/api-ws/v1/inference", timeout=110)
        waited = time.monotonic() - server.finish_at if server.finish_at else None
    check(server.finish_at is not None, "finish-task was sent", r)
    check(r.rc == 5, "gives up with exit 5", r)
    check("did not finish the task within 60 s" in r.err, "says which wait ran out", r)
    check(waited is not None and 59 <= waited < 75, f"gave up about 60 s after finish-task: {waited}", r)


if __name__ == "__main__":
    run_case(globals())
