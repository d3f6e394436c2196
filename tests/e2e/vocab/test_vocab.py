"""dsasr vocab and --hotwords against dsasr-emulator's customization API: the five actions,
find-or-create and reuse, a changed file, prune, the key, TLS, and word-file errors."""

import json
import os
import subprocess
import tempfile

from common import *  # noqa: F401,F403
import harness


def test_create_list_show_update_delete():
    with tempfile.TemporaryDirectory() as d, Emulator() as emu:
        words = write(d, "w.txt", "# names\nSeediq Bale\n阙里人家\t5\tzh\n")
        r = vocab(emu, "create", "--model", "paraformer-realtime-v2", "--prefix", "films", words)
        check(r.rc == 0 and r.out.startswith("vocab-films-"), "create prints the id", r)
        vid = r.out.strip()
        # The body is the SDK's create_vocabulary input.
        sent = [rec["json"] for rec in emu.log() if rec.get("event") == "recv_text"]
        check(sent[0] == {"model": "speech-biasing", "parameters": {},
                          "input": {"action": "create_vocabulary",
                                    "target_model": "paraformer-realtime-v2", "prefix": "films",
                                    "vocabulary": [{"text": "Seediq Bale", "weight": 4},
                                                   {"text": "阙里人家", "weight": 5,
                                                    "lang": "zh"}]}},
              f"create body: {sent[0]}")

        r = vocab(emu, "list")
        check(r.rc == 0 and r.out.startswith(vid + "\tOK\t"), "list shows it", r)
        r = vocab(emu, "list", "--prefix", "other", "--json")
        check(r.rc == 0 and json.loads(r.out) == [], "list --prefix filters", r)
        r = vocab(emu, "list", "--json", "--workspace", "ws-7")
        check(r.rc == 0 and [v["vocabulary_id"] for v in json.loads(r.out)] == [vid],
              "list --json", r)
        posts = [rec for rec in emu.log() if rec.get("event") == "handshake"]
        check(posts[-1]["headers"].get("x-dashscope-workspace") == "ws-7" and
              posts[-1]["path"] == "/api/v1/services/audio/asr/customization",
              f"--workspace is sent as X-DashScope-WorkSpace: {posts[-1]}")

        r = vocab(emu, "show", vid)
        body = [l for l in r.out.splitlines() if not l.startswith("#")]
        check(r.rc == 0 and body == ["Seediq Bale\t4", "阙里人家\t5\tzh"] and
              "# model: paraformer-realtime-v2" in r.out, "show prints a word file", r)
        r = vocab(emu, "show", vid, "--json")
        check(r.rc == 0 and json.loads(r.out)["target_model"] == "paraformer-realtime-v2",
              "show --json", r)

        r = vocab(emu, "update", vid, write(d, "w2.json", '[{"text": "DashScope", "weight": 3}]'))
        check(r.rc == 0 and r.out == "", "update", r)
        r = vocab(emu, "show", vid, "--json")
        check(json.loads(r.out)["vocabulary"] == [{"text": "DashScope", "weight": 3}],
              "update replaced the words", r)

        r = vocab(emu, "delete", vid)
        check(r.rc == 0, "delete", r)
        r = vocab(emu, "list")
        check(r.rc == 0 and r.out == "", "deleted", r)
        r = vocab(emu, "delete", vid)
        check(r.rc == 6 and "delete_vocabulary" in r.err and "InvalidParameter" in r.err and
              "request " in r.err, "a rejected request is exit 6 with the code and request id", r)
        check(actions(emu) == ["create_vocabulary", "list_vocabulary", "list_vocabulary",
                               "list_vocabulary", "query_vocabulary", "query_vocabulary",
                               "update_vocabulary", "query_vocabulary", "delete_vocabulary",
                               "list_vocabulary", "delete_vocabulary"],
              f"actions: {actions(emu)}")


def test_hotwords_are_created_once_and_reused():
    with tempfile.TemporaryDirectory() as d:
        with Emulator(script=hot_script(d)) as emu:
            words = write(d, "hot.tsv", "DashScope\n")
            base = ["file", data("en.wav"), "--endpoint", emu.url(), "--speed", "max"]
            plain = [("DashScope " + l.split(" ", 1)[1]) for l in script_lines("en.txt")]
            r1 = dsasr(*base, "--hotwords", words, "-v")
            check(r1.rc == 0 and r1.out.splitlines() == plain and "created vocab-ds" in r1.err,
                  "the first run creates the vocabulary and biasing reaches the task", r1)
            r2 = dsasr(*base, "--hotwords", words, "-v")
            check(r2.rc == 0 and r2.out.splitlines() == plain and "using vocab-ds" in r2.err,
                  "the second run finds it", r2)
            r3 = dsasr(*base)
            check(r3.rc == 0 and r3.out.splitlines() == script_lines("en.txt"),
                  "without --hotwords the fallback spelling", r3)
            check(actions(emu) == ["list_vocabulary", "create_vocabulary", "list_vocabulary"],
                  f"created once: {actions(emu)}")
            ids = [m["payload"]["parameters"].get("vocabulary_id")
                   for m in emu.received("run-task")]
            check(len(ids) == 3 and ids[0] and ids[0] == ids[1] and ids[2] is None,
                  f"both tasks carry the same id: {ids}")
            check(ids[0].startswith("vocab-ds") and len(ids[0].split("-")[1]) == 9,
                  f"a derived prefix: {ids[0]}")


def test_a_changed_file_makes_a_new_vocabulary_and_prune_deletes_the_old():
    with tempfile.TemporaryDirectory() as d, Emulator(script=hot_script(d)) as emu:
        words = write(d, "hot.txt", "DashScope\n")
        base = ["file", data("en.wav"), "--endpoint", emu.url(), "--speed", "max"]
        r = dsasr(*base, "--hotwords", words)
        check(r.rc == 0, "first list", r)
        write(d, "hot.txt", "DashScope\t5\nQwen\n")
        r = dsasr(*base, "--hotwords", words)
        check(r.rc == 0 and r.out.splitlines()[0].startswith("DashScope "), "second list", r)
        ids = [m["payload"]["parameters"]["vocabulary_id"] for m in emu.received("run-task")]
        check(len(set(ids)) == 2, f"a new vocabulary for the changed list: {ids}")
        mine = write(d, "mine.txt", "Kept\n")
        r = vocab(emu, "create", "--model", "fun-asr-realtime", mine)
        check(r.rc == 0, "a vocabulary of the user's own", r)
        own = r.out.strip()

        # Without files: the ones --hotwords was given, as they are now (the registry in this
        # test's XDG_STATE_HOME). The first list's vocabulary is no longer what hot.txt holds.
        with open(os.path.join(state_home(), "dsasr", "hotwords")) as f:
            registry = f.read().splitlines()
        check(registry == ["fun-asr-realtime\t" + os.path.realpath(words)],
              f"--hotwords remembered its file once: {registry}")
        r = vocab(emu, "prune")
        check(r.rc == 0 and r.out.splitlines() == [ids[0]], "prune deletes the old one only", r)
        r = vocab(emu, "prune", words)
        check(r.rc == 0 and r.out == "", "naming the file keeps the current one", r)
        r = vocab(emu, "list")
        listed = sorted(l.split("\t")[0] for l in r.out.splitlines())
        check(listed == sorted([ids[1], own]), f"the current and the user's remain: {listed}")
        r = vocab(emu, "prune", "--older-than", "1")
        check(r.rc == 0 and r.out == "", "nothing is older than a day", r)
        r = vocab(emu, "prune", "--older-than", "0")
        check(r.rc == 0 and r.out.splitlines() == [ids[1]], "--older-than 0: every dsasr one", r)


def test_prune_without_files_uses_the_remembered_files_and_drops_gone_ones():
    with tempfile.TemporaryDirectory() as d, Emulator(script=hot_script(d)) as emu:
        r = vocab(emu, "prune")
        check(r.rc == 2 and "--older-than" in r.err and "none yet" in r.err,
              "nothing remembered yet: a usage error with the way out", r)
        kept = write(d, "kept.txt", "DashScope\n")
        gone = write(d, "gone.txt", "Qwen\n")
        base = ["file", data("en.wav"), "--endpoint", emu.url(), "--speed", "max"]
        for words in (kept, gone):
            r = dsasr(*base, "--hotwords", words)
            check(r.rc == 0, f"--hotwords {words}", r)
        ids = [m["payload"]["parameters"]["vocabulary_id"] for m in emu.received("run-task")]
        os.remove(gone)
        r = vocab(emu, "prune")
        check(r.rc == 0 and r.out.splitlines() == [ids[1]], "the gone file's vocabulary goes", r)
        with open(os.path.join(state_home(), "dsasr", "hotwords")) as f:
            check(f.read() == "fun-asr-realtime\t" + os.path.realpath(kept) + "\n",
                  "and the registry forgets it")


def test_a_full_account_is_exit_6_with_a_hint():
    with tempfile.TemporaryDirectory() as d, Emulator() as emu:
        for i in range(10):
            r = vocab(emu, "create", "--model", "fun-asr-realtime",
                      write(d, "w.txt", f"word{i}\n"))
            check(r.rc == 0, f"vocabulary {i + 1}", r)
        r = dsasr("file", data("en.wav"), "--endpoint", emu.url(), "--hotwords",
                  write(d, "new.txt", "DashScope\n"))
        check(r.rc == 6 and "create_vocabulary" in r.err and "InvalidParameter" in r.err and
              "dsasr vocab prune" in r.err, "the 11th vocabulary: exit 6 and a hint", r)
        check(emu.received("run-task") == [], "no task was started")


def test_wrong_key_is_exit_4_and_the_key_never_shows():
    with tempfile.TemporaryDirectory() as d, Emulator("--api-key", "sk-right") as emu:
        r = vocab(emu, "list", key="sk-wrong-secret-marker")
        check(r.rc == 4 and "InvalidApiKey" in r.err and "HTTP 401" in r.err and
              "sk-wrong-secret-marker" not in r.err + r.out, "wrong key: exit 4", r)
        words = write(d, "w.txt", "DashScope\n")
        r = dsasr("file", data("en.wav"), "--endpoint", emu.url(), "--hotwords", words,
                  key="sk-wrong-secret-marker")
        check(r.rc == 4 and "sk-wrong-secret-marker" not in r.err + r.out,
              "--hotwords with a wrong key: exit 4 before any task", r)
        check(emu.received("run-task") == [], "no task was started")
        r = vocab(emu, "list", key="sk-right")
        check(r.rc == 0, "the right key", r)
        r = vocab(emu, "list", key=None)
        check(r.rc == 4 and "no DashScope API key" in r.err, "no key: exit 4", r)


def test_word_files_are_checked_before_anything_is_sent():
    with tempfile.TemporaryDirectory() as d, Emulator() as emu:
        cases = [
            ("a\t9\n", "bad.txt:1: weight 9 is not from 1 to 5"),
            ("ok\n\t4\n", "bad.txt:2: the word is empty"),
            ("one two three four five six seven eight\n", "bad.txt:1:"),
            ("一二三四五六七八九十一二三四五六\n", "bad.txt:1:"),
            ("# nothing\n", "bad.txt: no hot words"),
            ("".join(f"w{i}\n" for i in range(501)), "bad.txt:501: more than 500"),
        ]
        for text, message in cases:
            bad = write(d, "bad.txt", text)
            r = vocab(emu, "create", "--model", "fun-asr-realtime", bad)
            check(r.rc == 2 and message in r.err, f"usage error for {text[:20]!r}", r)
            r = dsasr("file", data("en.wav"), "--endpoint", emu.url(), "--hotwords", bad)
            check(r.rc == 2 and message in r.err, f"--hotwords usage error for {text[:20]!r}", r)
        check(actions(emu) == [] and emu.received("run-task") == [], "nothing was sent")
        words = write(d, "w.txt", "DashScope\n")
        r = dsasr("file", data("en.wav"), "--endpoint", emu.url(), "--hotwords", words,
                  "--vocabulary-id", "vocab-x")
        check(r.rc == 2 and "cannot be used together" in r.err, "conflict with --vocabulary-id", r)
        r = dsasr("file", data("en.wav"), "-m", "qwen3-asr-flash-realtime", "--endpoint",
                  emu.url(), "--hotwords", words)
        check(r.rc == 2 and "--hotwords is not supported by qwen3-asr-flash-realtime" in r.err,
              "a model without vocabularies", r)
        r = vocab(emu, "create", "--model", "fun-asr-realtime", "--prefix", "Bad_1", words)
        check(r.rc == 2 and "--prefix" in r.err, "a prefix the service would refuse", r)


def _make_certs(d):
    def run(*args):
        subprocess.run([tool("openssl"), *args], check=True, capture_output=True, cwd=d)
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
        "-days", "2", "-subj", "/CN=dsasr e2e vocab CA")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
        "-subj", "/CN=dsasr e2e server")
    with open(os.path.join(d, "server.ext"), "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                "extendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext")
    return [os.path.join(d, n) for n in ("ca.pem", "server.pem", "server.key")]


def test_tls_follows_the_websocket_rules():
    with tempfile.TemporaryDirectory() as d:
        ca, cert, key = _make_certs(d)
        with Emulator("--tls", cert, key) as emu:
            url = f"wss://localhost:{emu.port}/api-ws/v1/inference"
            r = dsasr("vocab", "list", "--endpoint", url)
            check(r.rc == 5 and "--ca-file" in r.err, "an unknown CA is refused with a hint", r)
            r = dsasr("vocab", "list", "--endpoint", url, "--ca-file", ca)
            check(r.rc == 0, "--ca-file", r)
            r = dsasr("vocab", "list", "--endpoint", url, env={"SSL_CERT_FILE": ca})
            check(r.rc == 0, "SSL_CERT_FILE", r)
            r = dsasr("vocab", "list", "--endpoint", url, "--insecure")
            check(r.rc == 0 and "NOT verified" in r.err, "--insecure works and warns", r)
            r = dsasr("vocab", "list", env={
                "DASHSCOPE_HTTP_BASE_URL": f"https://localhost:{emu.port}/api/v1",
                "SSL_CERT_FILE": ca})
            check(r.rc == 0, "DASHSCOPE_HTTP_BASE_URL", r)
            words = write(d, "w.txt", "DashScope\n")
            r = dsasr("file", data("en.wav"), "--endpoint", url, "--ca-file", ca, "--hotwords",
                      words, "--speed", "max")
            check(r.rc == 0 and len(emu.received("run-task")) == 1, "--hotwords over TLS", r)
        r = dsasr("vocab", "list", "--http-endpoint", "http://127.0.0.1:9/api/v1")
        check(r.rc == 5, "nothing listening: exit 5", r)


if __name__ == "__main__":
    run_case(globals())
