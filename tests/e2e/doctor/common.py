"""Helpers shared by the `dsasr doctor` and `dsasr config` end-to-end modules."""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import *  # noqa: E402,F401,F403
import harness  # noqa: E402

ALSA_DIR = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                        "alsa"))


def fake_mic_env(tmp):
    """A default capture device (ALSA's file plugin reading an empty file) and an empty
    configuration folder, so doctor's device check passes and no user file is read."""
    mic = os.path.join(tmp, "mic.s16le")
    open(mic, "wb").close()
    return {"ALSA_CONFIG_PATH": os.path.join(ALSA_DIR, "fakemic.conf"), "FAKEMIC_FILE": mic,
            "XDG_CONFIG_HOME": os.path.join(tmp, "config")}


def make_certs(d, san="DNS:localhost,IP:127.0.0.1"):
    """A test CA and a server certificate from it: (ca.pem, server.pem, server.key)."""
    def run(*args):
        subprocess.run([tool("openssl"), *args], check=True, capture_output=True, cwd=d)
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
        "-days", "2", "-subj", "/CN=dsasr e2e test CA")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
        "-subj", "/CN=dsasr e2e server")
    with open(os.path.join(d, "server.ext"), "w") as f:
        f.write(f"subjectAltName={san}\nbasicConstraints=CA:FALSE\n"
                "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext")
    return [os.path.join(d, n) for n in ("ca.pem", "server.pem", "server.key")]


def lines_of(result):
    """doctor's check lines as (status, name, rest)."""
    out = []
    for line in result.out.splitlines():
        if line.startswith("      hint: "):
            continue
        status, name, rest = line.split(None, 2)
        out.append((status, name, rest))
    return out


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
