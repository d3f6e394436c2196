"""Shared pieces of dsasr's end-to-end tests: start dsasr-emulator on a free loopback port,
run the real dsasr binary against it with a bounded run time, read the emulator's JSON-lines
log. Standard library only; run with /usr/bin/python3."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PATHS = {}  # filled by run_case(): dsasr, emulator, data, source


class Emulator:
    """dsasr-emulator on 127.0.0.1:<free port>, logging to a temporary file."""

    def __init__(self, *args, script=None):
        self.tmp = tempfile.mkdtemp(prefix="dsasr-e2e-emu-")
        self.log_path = os.path.join(self.tmp, "emulator.log")
        cmd = [PATHS["emulator"], "--port", "0", "--log", self.log_path]
        if script:
            cmd += ["--script", os.path.join(PATHS["data"], script)]
        cmd += list(args)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     stdin=subprocess.DEVNULL)
        line = _read_line(self.proc.stdout, 10.0)
        if not line.strip().isdigit():
            self.stop()
            raise AssertionError(f"emulator did not print its port: {line!r}")
        self.port = int(line)

    def url(self, query="", path="/api-ws/v1/inference"):
        return f"ws://127.0.0.1:{self.port}{path}" + (f"?{query}" if query else "")

    def log(self):
        """Every record of the emulator's log so far."""
        with open(self.log_path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def log_when(self, predicate, limit_s=5.0):
        """The log once predicate(log) holds, or as it is after limit_s. The emulator logs what
        happened after it happened, so dsasr may have exited before the last records exist."""
        deadline = time.monotonic() + limit_s
        log = self.log()
        while not predicate(log) and time.monotonic() < deadline:
            time.sleep(0.05)
            log = self.log()
        return log

    def received(self, kind):
        """Parsed client messages of one kind: 'run-task', 'finish-task', or a realtime type."""
        out = []
        for rec in self.log():
            msg = rec.get("json") if rec.get("event") == "recv_text" else None
            if not isinstance(msg, dict):
                continue
            action = msg.get("header", {}).get("action") if "header" in msg else msg.get("type")
            if action == kind:
                out.append(msg)
        return out

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _read_line(stream, timeout):
    deadline = time.monotonic() + timeout
    import select
    buf = b""
    while time.monotonic() < deadline:
        r, _, _ = select.select([stream], [], [], 0.1)
        if r:
            ch = os.read(stream.fileno(), 1)
            if not ch:
                break
            if ch == b"\n":
                return buf.decode()
            buf += ch
    return buf.decode()


_SCHEMA_VALIDATOR = []  # the Draft202012Validator of `dsasr schema`, made once per process


def schema_validator():
    """A validator for the JSON Schema `dsasr schema` prints (python3-jsonschema)."""
    if not _SCHEMA_VALIDATOR:
        try:
            import jsonschema
        except ImportError:
            raise AssertionError("python3-jsonschema is not installed (scripts/setup installs it)")
        p = subprocess.run([PATHS["dsasr"], "schema"], capture_output=True, timeout=30)
        if p.returncode != 0:
            raise AssertionError(f"dsasr schema exited {p.returncode}: {p.stderr!r}")
        schema = json.loads(p.stdout)
        jsonschema.Draft202012Validator.check_schema(schema)
        _SCHEMA_VALIDATOR.append(jsonschema.Draft202012Validator(schema))
    return _SCHEMA_VALIDATOR[0]


def validate_record(rec):
    """Fails unless `rec` (one jsonl record) is valid against `dsasr schema`."""
    import jsonschema
    error = jsonschema.exceptions.best_match(schema_validator().iter_errors(rec))
    if error is not None:
        raise AssertionError(f"a jsonl record does not match 'dsasr schema': {error.message} "
                             f"at {list(error.absolute_path)}\n{json.dumps(rec)[:2000]}")


def validate_jsonl_output(text):
    """Validates every line of dsasr's output that is a JSON object (a jsonl record) against
    `dsasr schema`; other lines (text, captions) are left alone."""
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(rec, dict):
            validate_record(rec)


def jsonl_records(text):
    """Parses every line as JSON (each must parse), checks each against `dsasr schema`, and
    returns the objects."""
    out = []
    for i, line in enumerate(text.splitlines()):
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as e:
            raise AssertionError(f"line {i + 1} is not JSON ({e}): {line!r}")
        if isinstance(out[-1], dict):
            validate_record(out[-1])
    return out


def finals(text):
    """The "final" records of dsasr's jsonl output."""
    return [r for r in jsonl_records(text) if r.get("type") == "final"]

class Result:
    def __init__(self, rc, out, err):
        self.rc, self.out, self.err = rc, out, err

    def __repr__(self):
        return f"<rc={self.rc}\n--- stdout ---\n{self.out}\n--- stderr ---\n{self.err}>"


_STATE_HOME = []


def state_home():
    """This test process's own XDG_STATE_HOME (where --hotwords remembers its word files), removed
    at exit: the test's dsasr runs share it, other tests never see it."""
    if not _STATE_HOME:
        import atexit
        _STATE_HOME.append(tempfile.mkdtemp(prefix="dsasr-e2e-state-"))
        atexit.register(shutil.rmtree, _STATE_HOME[0], True)
    return _STATE_HOME[0]


def dsasr(*args, key="test-key", env=None, stdin=None, timeout=60, input_bytes=None):
    """Runs dsasr; returns Result(rc, stdout text, stderr text). No key when key is None."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("DASHSCOPE_")}
    # No ~/.dashscope/api_key, and no configuration file or profile from the developer's own.
    e["HOME"] = tempfile.gettempdir() + "/dsasr-e2e-nohome"
    e.pop("XDG_CONFIG_HOME", None)
    e["XDG_STATE_HOME"] = state_home()
    e.pop("DSASR_PROFILE", None)
    e.pop("http_proxy", None)
    if key is not None:
        e["DASHSCOPE_API_KEY"] = key
    if env:
        e.update(env)
    proc = subprocess.run([PATHS["dsasr"], *args], env=e, timeout=timeout,
                          stdin=None if input_bytes is not None else (
                              stdin if stdin is not None else subprocess.DEVNULL),
                          input=input_bytes, capture_output=True)
    result = Result(proc.returncode, proc.stdout.decode("utf-8", "replace"),
                    proc.stderr.decode("utf-8", "replace"))
    if args and args[0] in ("file", "mic"):
        validate_jsonl_output(result.out)  # every record dsasr writes follows `dsasr schema`
    return result


def data(name):
    return os.path.join(PATHS["data"], name)


def script_lines(name):
    with open(data(name), encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip()]


def tool(name):
    path = shutil.which(name)
    if not path:
        raise AssertionError(f"{name} is not installed (scripts/setup installs it)")
    return path


def is_batch_summary(line):
    """The line a batch of several inputs ends with on stderr (unless -q), e.g.
    "dsasr: 2 done, 0 skipped, 1 failed; 1.2 min of audio in 00:03"."""
    import re
    return re.fullmatch(r"dsasr: \d+ done, \d+ skipped, \d+ failed(, \d+ not started)?; "
                        r"[\d.]+ (min|h) of audio in [\d:]+", line) is not None


def check(cond, msg, result=None):
    if not cond:
        raise AssertionError(msg + (f"\n{result!r}" if result is not None else ""))


def run_case(module_globals):
    """Entry point of a test module: --dsasr D --emulator E --data DIR CASE."""
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("--dsasr", required=True)
    p.add_argument("--emulator", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("case")
    a = p.parse_args()
    PATHS.update(dsasr=a.dsasr, emulator=a.emulator, data=a.data)
    fn = module_globals.get("test_" + a.case)
    if fn is None:
        print(f"no such case: {a.case}", file=sys.stderr)
        sys.exit(2)
    fn()
    print(f"ok: {a.case}")
