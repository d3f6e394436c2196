"""TLS verification (system store, SSL_CERT_FILE, --ca-file, --insecure), the endpoint from the
environment, and the live partial line on a terminal."""

import os
import subprocess
import tempfile

from common import *  # noqa: F401,F403
import harness


def _make_certs(d, san="DNS:localhost,IP:127.0.0.1", prefix="server"):
    def run(*args):
        subprocess.run([tool("openssl"), *args], check=True, capture_output=True, cwd=d)
    if not os.path.exists(os.path.join(d, "ca.pem")):
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
            "ca.pem", "-days", "2", "-subj", "/CN=dsasr e2e test CA")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{prefix}.key", "-out",
        f"{prefix}.csr", "-subj", "/CN=dsasr e2e server")
    with open(os.path.join(d, f"{prefix}.ext"), "w") as f:
        f.write(f"subjectAltName={san}\nbasicConstraints=CA:FALSE\n"
                "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", f"{prefix}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", f"{prefix}.pem", "-days", "2", "-extfile", f"{prefix}.ext")
    return [os.path.join(d, n) for n in ("ca.pem", f"{prefix}.pem", f"{prefix}.key")]


def test_tls_is_verified():
    with tempfile.TemporaryDirectory() as d:
        ca, cert, key = _make_certs(d)
        with Emulator("--tls", cert, key, script="en.txt") as emu:
            url = f"wss://localhost:{emu.port}/api-ws/v1/inference"
            base = ["file", data("en.wav"), "--endpoint", url, "--speed", "max", "--retries", "0"]
            r = dsasr(*base)
            check(r.rc == 5 and "certificate" in r.err and "--ca-file" in r.err,
                  "an unknown CA is refused with a hint", r)
            r = dsasr(*base, "--ca-file", ca)
            check(r.rc == 0 and r.out.splitlines() == script_lines("en.txt"), "--ca-file", r)
            r = dsasr(*base, env={"SSL_CERT_FILE": ca})
            check(r.rc == 0 and len(r.out.splitlines()) == 4, "SSL_CERT_FILE", r)
            r = dsasr(*base, "--insecure")
            check(r.rc == 0 and "--insecure" in r.err and "NOT verified" in r.err,
                  "--insecure works and warns", r)
        # A certificate from the trusted CA, but for another name.
        _, other_cert, other_key = _make_certs(d, san="DNS:other.example", prefix="other")
        with Emulator("--tls", other_cert, other_key) as emu:
            r = dsasr("file", data("en.wav"), "--endpoint",
                      f"wss://localhost:{emu.port}/api-ws/v1/inference", "--ca-file", ca,
                      "--retries", "0")
        check(r.rc == 5 and "certificate" in r.err, "a certificate for another name is refused",
              r)


def _make_expired_cert(d):
    """A server certificate from the test CA (made by _make_certs first) that expired in 2020."""
    def run(*args):
        subprocess.run([tool("openssl"), *args], check=True, capture_output=True, cwd=d)
    with open(os.path.join(d, "ca.cnf"), "w") as f:
        f.write("[ca]\ndefault_ca = test\n[test]\ndatabase = index.txt\nnew_certs_dir = .\n"
                "serial = serial\ndefault_md = sha256\npolicy = any\n"
                "[any]\ncommonName = supplied\n")
    open(os.path.join(d, "index.txt"), "w").close()
    with open(os.path.join(d, "serial"), "w") as f:
        f.write("1000\n")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "expired.key", "-out", "expired.csr",
        "-subj", "/CN=dsasr e2e expired server")
    run("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in",
        "expired.csr", "-out", "expired.pem", "-notext", "-startdate", "20200101000000Z",
        "-enddate", "20200102000000Z", "-extfile", "server.ext")
    return os.path.join(d, "expired.pem"), os.path.join(d, "expired.key")


def test_an_expired_certificate_is_refused_even_from_a_trusted_ca():
    with tempfile.TemporaryDirectory() as d:
        ca, _, _ = _make_certs(d)
        cert, key = _make_expired_cert(d)
        with Emulator("--tls", cert, key, script="en.txt") as emu:
            url = f"wss://localhost:{emu.port}/api-ws/v1/inference"
            r = dsasr("file", data("en.wav"), "--endpoint", url, "--ca-file", ca,
                      "--retries", "0")
            check(r.rc == 5 and "expired" in r.err and r.out == "",
                  "an expired certificate is refused, naming the problem", r)
            r = dsasr("file", data("en.wav"), "--endpoint", url, "--insecure", "--speed", "max")
            check(r.rc == 0 and r.out.splitlines() == script_lines("en.txt") and
                  "NOT verified" in r.err, "--insecure accepts it, loudly", r)


def test_endpoint_from_the_environment():
    with Emulator(script="en.txt") as emu:
        r = dsasr("file", data("en.wav"), "--speed", "max",
                  env={"DASHSCOPE_WEBSOCKET_BASE_URL": emu.url()})
    check(r.rc == 0 and r.out.splitlines() == script_lines("en.txt"), "env endpoint", r)


def test_key_from_a_file():
    with tempfile.TemporaryDirectory() as d, Emulator("--api-key", "file-key") as emu:
        path = os.path.join(d, "key")
        with open(path, "w") as f:
            f.write("file-key\n")
        r = dsasr("file", data("en.wav"), "--endpoint", emu.url(), "--speed", "max",
                  "--api-key-file", path, key="env-key-is-wrong")
        check(r.rc == 0, "--api-key-file wins over DASHSCOPE_API_KEY", r)
        r = dsasr("file", data("en.wav"), "--endpoint", emu.url(), "--speed", "max", key=None,
                  env={"DASHSCOPE_API_KEY_FILE_PATH": path})
        check(r.rc == 0, "DASHSCOPE_API_KEY_FILE_PATH", r)


def test_paraformer_8k_emotion_reaches_jsonl():
    with Emulator(script="en.txt") as emu:
        r = transcribe(emu, data("en.wav"), "--model", "paraformer-realtime-8k-v2", "--jsonl",
                       "--speed", "max")
    recs = finals(r.out)
    check(r.rc == 0 and recs and all(x.get("emotion") == "neutral" for x in recs), "emotion", r)


def test_partials_are_redrawn_in_place_on_a_terminal():
    with Emulator(script="en.txt") as emu:
        rc, out = run_in_pty(["file", data("en.wav"), "--endpoint", emu.url(), "--partials",
                               "--speed", "4"])
    check(rc == 0, f"exit {rc}: {out!r}")
    check(out.count("\r\x1b[K") >= 8, f"partials were not redrawn in place: {out!r}")
    # What a terminal finally shows: each redraw replaces the line; finals end with a newline.
    screen = []
    for line in out.replace("\r\n", "\n").split("\n"):
        screen.append(line.split("\r\x1b[K")[-1])
    shown = [l for l in screen if l]
    check(shown == script_lines("en.txt"), f"final screen {shown!r}")


if __name__ == "__main__":
    run_case(globals())
