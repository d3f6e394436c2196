"""--tls CERT KEY: wss:// verified against a throwaway CA generated at test time."""

import asyncio
import ssl

from emu import Duplex, Realtime, audio, finals, make_tls, raw_http, check_401, timeout


@timeout(30)
async def test_wss_verified_against_ca(ctx):
    loop = asyncio.get_running_loop()
    ca, cert, key = await loop.run_in_executor(None, make_tls, ctx.tmp_dir)
    async with ctx.emulator("--tls", cert, key, "--host", "127.0.0.1") as e:
        e.host = "localhost"
        assert e.url().startswith("wss://localhost:")
        sslctx = ssl.create_default_context(cafile=ca)
        d = await Duplex.open(e, ssl_ctx=sslctx)
        await d.start()
        await d.send_audio(audio(("t", 600), ("s", 300)))
        assert len(finals(await d.finish())) == 1, d.log
        await d.close()
        rt = await Realtime.open(e, ssl_ctx=sslctx)
        await rt.close()
        raw = await raw_http(e, "/api-ws/v1/inference", [], ssl_ctx=sslctx)
        check_401(raw, "401 over TLS")
        raw.close()
        # a client that does not trust the CA must fail verification
        untrusting = ssl.create_default_context()
        try:
            d = await Duplex.open(e, ssl_ctx=untrusting)
        except ssl.SSLCertVerificationError:
            pass
        else:
            await d.close()
            raise AssertionError("certificate verified without the test CA?")
