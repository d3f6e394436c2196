"""Paths, authentication (401 status + JSON body), 404/400 bodies, optional headers."""

import websockets

from emu import (DEFAULT_KEY, Duplex, Realtime, audio, check_401, connect, dump,
                 finals, raw_http)


async def test_duplex_path_without_slash(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e, slash=False)
        await d.start()
        await d.send_audio(audio(("t", 400), ("s", 100)))
        assert len(finals(await d.finish())) == 1, d.log
        await d.close()


async def test_duplex_path_with_slash(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e, slash=True)
        await d.start()
        await d.send_audio(audio(("t", 400), ("s", 100)))
        assert len(finals(await d.finish())) == 1, d.log
        await d.close()


async def test_lowercase_bearer_and_any_key_accepted(ctx):
    async with ctx.emulator() as e:
        for scheme, key in (("bearer", "x"), ("Bearer", "another-key"), ("BEARER", "k3")):
            d = Duplex(await connect(e.duplex_url(), key=key, scheme=scheme))
            await d.start()
            await d.close()
        rt = await Realtime.open(e, key="whatever", scheme="bearer")
        await rt.close()


async def test_optional_headers_accepted(ctx):
    async with ctx.emulator() as e:
        hdrs = [("user-agent", "dashscope/1.26.2; python/3.11.2; platform/Linux"),
                ("X-DashScope-WorkSpace", "ws-123"), ("X-DashScope-DataInspection", "enable")]
        d = Duplex(await connect(e.duplex_url(), headers=hdrs))
        await d.start()
        await d.close()
        rt = Realtime(await connect(e.realtime_url(), headers=hdrs + [("OpenAI-Beta",
                                                                        "realtime=v1")]),
                      "qwen3-asr-flash-realtime")
        await rt.recv()
        await rt.close()


async def test_401_missing_malformed_or_empty_key(ctx):
    async with ctx.emulator() as e:
        cases = [("no Authorization", []), ("Basic scheme", [("Authorization", "Basic abc")]),
                 ("bare key", [("Authorization", DEFAULT_KEY)]),
                 ("empty bearer", [("Authorization", "Bearer ")]),
                 ("scheme only", [("Authorization", "Bearer")])]
        for path in ("/api-ws/v1/inference", "/api-ws/v1/inference/",
                     "/api-ws/v1/realtime?model=qwen3-asr-flash-realtime"):
            for what, hdrs in cases:
                raw = await raw_http(e, path, hdrs)
                try:
                    check_401(raw, "%s on %s" % (what, path))
                finally:
                    raw.close()


async def test_401_status_on_websocket_client(ctx):
    async with ctx.emulator() as e:
        try:
            ws = await connect(e.duplex_url(), key=None)
        except websockets.exceptions.InvalidStatusCode as ex:
            assert ex.status_code == 401, "expected 401, got %d" % ex.status_code
        except websockets.exceptions.InvalidMessage as ex:
            raise AssertionError("a standard WebSocket client could not read the refusal as an "
                                 "HTTP status (%r caused by %r); the response must be a valid "
                                 "HTTP/1.1 response" % (ex, ex.__cause__))
        else:
            await ws.close()
            raise AssertionError("upgrade without Authorization must be refused with 401")


async def test_api_key_option(ctx):
    async with ctx.emulator("--api-key", "sk-right") as e:
        for path in ("/api-ws/v1/inference", "/api-ws/v1/realtime?model=qwen3-asr-flash-realtime"):
            for hdr in ("Bearer sk-wrong", "Bearer sk-right2", "Bearer SK-RIGHT", "Bearer "):
                raw = await raw_http(e, path, [("Authorization", hdr)])
                try:
                    check_401(raw, "key %r with --api-key sk-right on %s" % (hdr, path))
                finally:
                    raw.close()
        d = Duplex(await connect(e.duplex_url(), key="sk-right", scheme="bearer"))
        await d.start()
        await d.close()
        rt = await Realtime.open(e, key="sk-right")
        await rt.close()


async def test_404_other_paths(ctx):
    async with ctx.emulator() as e:
        for path in ("/", "/api-ws/v1/foo", "/api-ws/v1/inference/extra", "/api-ws/v2/inference",
                     "/api-ws/v1/inferenceX", "/api-ws/v1/realtimeX?model=qwen3-asr-flash-realtime"):
            raw = await raw_http(e, path, [("Authorization", "Bearer " + DEFAULT_KEY)])
            try:
                assert raw.status == 404, "%s: expected 404, got %r" % (path, raw.status_line)
                body = raw.json_body()
                assert isinstance(body, dict) and body, "%s: 404 body %s" % (path, dump(body))
            finally:
                raw.close()


async def test_realtime_without_model_400(ctx):
    async with ctx.emulator() as e:
        for path in ("/api-ws/v1/realtime", "/api-ws/v1/realtime?foo=bar"):
            raw = await raw_http(e, path, [("Authorization", "Bearer " + DEFAULT_KEY)])
            try:
                assert raw.status == 400, "%s: expected 400, got %r" % (path, raw.status_line)
                body = raw.json_body()
                assert isinstance(body, dict) and body, "%s: 400 body %s" % (path, dump(body))
                assert "model" in dump(body).lower(), "400 body should mention the model: %s" % dump(
                    body)
            finally:
                raw.close()
