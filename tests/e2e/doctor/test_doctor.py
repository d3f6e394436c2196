"""`dsasr doctor` against the real emulator, over real sockets and real TLS: a healthy run
exits 0; a wrong key, a refused port, an untrusted certificate and an unknown model each fail
the check that names them, with the exit status of that failure."""

import tempfile
import time

from common import *  # noqa: F401,F403

KEY = "sk-doctor0e2e0marker0key0123456789"


def doctor(*args, key=KEY, tmp):
    return dsasr("doctor", *args, key=key, env=fake_mic_env(tmp), timeout=60)


def test_healthy_run_exits_0_with_every_check_ok():
    with tempfile.TemporaryDirectory() as tmp, Emulator("--api-key", KEY) as emu:
        r = doctor("--endpoint", emu.url(), tmp=tmp)
        check(r.rc == 0, "healthy doctor exits 0", r)
        lines = lines_of(r)
        names = [name for _, name, _ in lines]
        check(names == ["key", "dns", "tcp", "tls", "websocket", "task", "task", "device"],
              f"checks in order: {names}", r)
        check(all(status in ("OK", "SKIP") for status, _, _ in lines), "no failure", r)
        check(("SKIP", "tls", "ws:// has no TLS") in lines, "no TLS on ws://", r)
        key_line = lines[0][2]
        check(key_line == f"from DASHSCOPE_API_KEY; starts with sk-, {len(KEY)} characters, "
              "letters and digits", "the key's origin and shape", r)
        check(KEY not in r.out + r.err and KEY[3:] not in r.out + r.err, "never the key", r)
        tasks = [rest for _, name, rest in lines if name == "task"]
        check(tasks[0].startswith(f"fun-asr-realtime on {emu.url()}: auth accepted, model "
                                  "allowed, task started and finished ("), f"{tasks}", r)
        check(tasks[1].startswith("qwen3-asr-flash-realtime on ws://127.0.0.1:"
                                  f"{emu.port}/api-ws/v1/realtime?model=qwen3-asr-flash-realtime"),
              f"{tasks}", r)
        check(lines[-1][2].startswith("default capture device: "), "the capture device", r)
        # Both tasks reached the emulator: one run-task and one session.update, a second of
        # audio each, and each finished.
        deadline = time.monotonic() + 5
        while (not emu.received("finish-task") or not emu.received("session.finish")) and \
                time.monotonic() < deadline:
            time.sleep(0.05)
        check(len(emu.received("run-task")) == 1 and len(emu.received("finish-task")) == 1,
              "the duplex task ran to its end")
        check(len(emu.received("session.update")) == 1 and
              len(emu.received("session.finish")) == 1, "the realtime session ran to its end")
        check(KEY not in open(emu.log_path, encoding="utf-8").read(), "the key is not logged")


def test_a_wrong_key_names_the_key():
    with tempfile.TemporaryDirectory() as tmp, Emulator("--api-key", "sk-the0right0key") as emu:
        r = doctor("--endpoint", emu.url(), tmp=tmp)
        check(r.rc == 4, "exit status 4 (authentication)", r)
        lines = lines_of(r)
        check(lines[0][0] == "OK" and lines[0][1] == "key", "the key was found", r)
        failed = [(name, rest) for status, name, rest in lines if status == "FAIL"]
        check(failed[0][0] == "websocket" and failed[0][1].startswith(
            "the API key from DASHSCOPE_API_KEY was refused: ") and "HTTP 401" in failed[0][1]
            and "InvalidApiKey" in failed[0][1], f"the handshake names the key: {failed}", r)
        check(any(name == "task" and "key refused" in rest for name, rest in failed),
              "the task too", r)
        check(("SKIP", "region", "the endpoint is not a region's (--endpoint or "
               "DASHSCOPE_WEBSOCKET_BASE_URL): the other region is not tried") in lines,
              "no other region to try behind --endpoint", r)
        check(KEY not in r.out + r.err, "never the key", r)


def test_no_key_at_all():
    with tempfile.TemporaryDirectory() as tmp, Emulator() as emu:
        r = doctor("--endpoint", emu.url(), key=None, tmp=tmp)
        check(r.rc == 4, "exit status 4", r)
        status, name, rest = lines_of(r)[0]
        check(status == "FAIL" and name == "key" and rest.startswith("no API key found; looked "
                                                                     "in DASHSCOPE_API_KEY"),
              "names where it looked", r)
        ws = [l for l in lines_of(r) if l[1] == "websocket"][0]
        check(ws[0] == "FAIL" and ws[2].startswith("refused without an API key: "), f"{ws}", r)


def test_a_refused_port_names_the_network():
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        r = doctor("--endpoint", f"ws://127.0.0.1:{port}/api-ws/v1/inference", tmp=tmp)
        check(r.rc == 5, "exit status 5 (network)", r)
        lines = lines_of(r)
        check(lines[1][:2] == ("OK", "dns"), "the name resolved", r)
        check(lines[2][:2] == ("FAIL", "tcp") and lines[2][2].startswith(
            f"network: cannot connect to 127.0.0.1:{port}: Connection refused"),
              f"the TCP check names the network: {lines[2]}", r)
        check([l[:2] for l in lines if l[1] == "task"] == [("SKIP", "task")] * 2,
              "no task without a connection", r)


def test_an_untrusted_certificate_names_tls():
    with tempfile.TemporaryDirectory() as tmp:
        ca, cert, key = make_certs(tmp)
        with Emulator("--tls", cert, key) as emu:
            url = f"wss://localhost:{emu.port}/api-ws/v1/inference"
            r = doctor("--endpoint", url, tmp=tmp)
            check(r.rc == 5, "exit status 5", r)
            tls = [l for l in lines_of(r) if l[1] == "tls"][0]
            check(tls[0] == "FAIL" and tls[2].startswith("certificate not trusted: "),
                  f"the TLS check fails: {tls}", r)
            check("--ca-file" in r.out, "with the --ca-file hint", r)
            # Trusted with --ca-file: verified, with the expiry of the 2-day certificate.
            r = doctor("--endpoint", url, "--ca-file", ca, tmp=tmp)
            check(r.rc == 0, "--ca-file makes it pass", r)
            tls = [l for l in lines_of(r) if l[1] == "tls"][0]
            check(tls[0] == "OK" and "certificate verified, expires " in tls[2] and
                  ("(in 1 day)" in tls[2] or "(in 2 days)" in tls[2]), f"{tls}", r)


def test_an_unknown_model_names_the_model():
    with tempfile.TemporaryDirectory() as tmp, Emulator() as emu:
        r = doctor("-m", "nosuch-model", "--protocol", "duplex", "--endpoint", emu.url(),
                   tmp=tmp)
        check(r.rc == 6, "exit status 6 (the service refused the task)", r)
        failed = [(name, rest) for status, name, rest in lines_of(r) if status == "FAIL"]
        check(len(failed) == 1 and failed[0][0] == "task" and
              failed[0][1].startswith(f"nosuch-model on {emu.url()}: the service refused the "
                                      "task: ") and "nosuch-model" in failed[0][1].split(": ", 1)[1]
              and "ModelNotFound" in failed[0][1], f"the task names the model: {failed}", r)
        check("'dsasr models'" in r.out, "hint: the model list", r)
        # An unknown realtime model is refused at the handshake already.
        r = doctor("-m", "nosuch-qwen", "--protocol", "realtime", "--endpoint",
                   emu.url(path="/api-ws/v1/realtime"), tmp=tmp)
        check(r.rc == 6, "realtime: exit status 6", r)
        ws = [l for l in lines_of(r) if l[1] == "websocket"][0]
        check(ws[0] == "FAIL" and "the model was refused" in ws[2] and "nosuch-qwen" in ws[2],
              f"{ws}", r)


if __name__ == "__main__":
    run_case(globals())
