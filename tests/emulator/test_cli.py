"""Command line: port line on stdout, options, exit codes, signals."""

import asyncio
import signal
import socket
import subprocess

from emu import Duplex, audio, finals, timeout


async def _one_task(emu_):
    d = await Duplex.open(emu_)
    await d.start()
    await d.send_audio(audio(("s", 300), ("t", 500), ("s", 200)))
    res = await d.finish()
    await d.close()
    assert len(finals(res)) == 1, "expected one final; %s" % d.log
    return res


async def test_port0_prints_port_first(ctx):
    async with ctx.emulator("--port", "0", "-v") as e:
        assert e.first_line == b"%d\n" % e.port, \
            "first stdout line must be the port alone, got %r" % e.first_line
        await _one_task(e)


async def test_explicit_port(ctx):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    async with ctx.emulator("--port", str(port)) as e:
        assert e.first_line == b"%d\n" % port, \
            "with --port %d the first line must be %d, got %r" % (port, port, e.first_line)
        await _one_task(e)


async def test_host_localhost(ctx):
    async with ctx.emulator("--host", "localhost") as e:
        e.host = "localhost"
        await _one_task(e)


async def test_host_ipv6_loopback(ctx):
    try:
        s = socket.socket(socket.AF_INET6)
        s.bind(("::1", 0))
        s.close()
    except OSError:
        print("no IPv6 loopback here; nothing to test")
        return
    async with ctx.emulator("--host", "::1") as e:
        await _one_task(e)


def _run(ctx, *args):
    return subprocess.run([ctx.emulator_path] + list(args), capture_output=True, timeout=10,
                          stdin=subprocess.DEVNULL)


async def test_help_and_version_exit_0(ctx):
    for opt in ("--help", "--version"):
        r = _run(ctx, opt)
        assert r.returncode == 0, "%s must exit 0, got %d (stderr %r)" % (opt, r.returncode,
                                                                          r.stderr[-300:])
        assert (r.stdout + r.stderr).strip(), "%s printed nothing" % opt


async def test_bad_options_exit_2(ctx):
    for args in (["--no-such-option"], ["--time-scale", "abc"], ["--port", "notaport"],
                 ["--tls", "/nonexistent-cert.pem"]):
        r = _run(ctx, *args)
        assert r.returncode == 2, "%r must exit 2, got %d (stdout %r stderr %r)" % (
            args, r.returncode, r.stdout[-200:], r.stderr[-300:])
        err = r.stderr.decode("utf-8", "replace").strip()
        assert err and "\n" not in err, "%r: expected a one-line error on stderr, got %r" % (args,
                                                                                             err)
        assert not r.stdout.strip(), "%r: nothing on stdout expected, got %r" % (args, r.stdout)


@timeout(15)
async def test_sigterm_and_sigint_exit_0(ctx):
    for sig in (signal.SIGTERM, signal.SIGINT):
        async with ctx.emulator() as e:
            d = await Duplex.open(e)
            await d.start()
            e.proc.send_signal(sig)
            loop = asyncio.get_running_loop()
            rc = await loop.run_in_executor(None, lambda: e.proc.wait(timeout=5))
            assert rc == 0, "%s must exit 0, got %d; stderr:\n%s" % (sig.name, rc, e.stderr_text())
            await d.close()
