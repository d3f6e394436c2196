"""Fake microphones for the `dsasr mic` end-to-end tests, and ways to run dsasr with one.

All three feed the real PortAudio through real ALSA; none needs a sound card. Background and
measurements: tests/alsa/README.md and shared/toolchain.md section 4.

* FileMic (tests/alsa/fakemic.conf): the ALSA `file` plugin reads a regular file. Bit-exact and
  instant: the whole file arrives within milliseconds, then zeros. dsasr's capture FIFO between
  the PortAudio callback and its worker holds 5 s, so only captures up to ~5 s arrive intact.
* PacedMic (tests/alsa/fakemic-fd.conf): the same plugin reads a pipe inherited by dsasr, which a
  thread here fills at N times real time. Bit-exact, no daemon, any length.
* PulseMic (tests/alsa/pulse.conf): a private PulseAudio server with a null sink whose monitor is
  the default source; paplay plays into it. Real time, for the timing and Ctrl+C tests.

Everything a helper starts is stopped by its context manager, and every wait is bounded.
"""

import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import wave

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import *  # noqa: E402,F401,F403
import harness  # noqa: E402

ALSA_DIR = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                        "alsa"))
RATE_HZ = 16000
BYTES_PER_SECOND = RATE_HZ * 2  # s16le mono


def alsa_conf(name):
    return os.path.join(ALSA_DIR, name)


def samples_of(name):
    """The s16le mono 16 kHz samples of tests/data/<name> (the committed samples are already in
    that format; anything else would need conversion, which these tests must not hide)."""
    with wave.open(data(name)) as w:
        if (w.getframerate(), w.getnchannels(), w.getsampwidth()) != (RATE_HZ, 1, 2):
            raise AssertionError(f"{name} is not 16 kHz mono s16")
        return w.readframes(w.getnframes())


def wav_samples(path):
    """(rate, channels, s16le bytes) of a WAV file dsasr wrote."""
    with wave.open(path) as w:
        return w.getframerate(), w.getnchannels(), w.readframes(w.getnframes())


def skip(why):
    """Ends the test as passed-but-skipped, running the `with` blocks' clean-up on the way."""
    print(f"SKIP: {why}")
    sys.stdout.flush()
    sys.exit(0)


def dsasr_env(extra=None, key="test-key"):
    """The environment harness.dsasr() gives dsasr (no DASHSCOPE_* from outside, no home with a
    key file, no proxy), plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHSCOPE_")}
    env["HOME"] = tempfile.gettempdir() + "/dsasr-e2e-nohome"
    env["XDG_STATE_HOME"] = harness.state_home()
    env.pop("http_proxy", None)
    env["JACK_NO_START_SERVER"] = "1"
    if key is not None:
        env["DASHSCOPE_API_KEY"] = key
    env.update(extra or {})
    return env


def run_dsasr(args, mic, timeout=60):
    """Runs dsasr with the fake microphone `mic`; returns harness.Result."""
    p = start_dsasr(args, mic)
    timed_out = False
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        p.kill()
        out, err = p.communicate()
    r = harness.Result(p.returncode, out.decode("utf-8", "replace"),
                       err.decode("utf-8", "replace"))
    check(not timed_out, f"dsasr {' '.join(args)} did not end within {timeout} s", r)
    harness.validate_jsonl_output(r.out)  # every record dsasr writes follows `dsasr schema`
    return r


def start_dsasr(args, mic):
    """Starts dsasr (stdout and stderr piped) with the fake microphone `mic`; returns the Popen."""
    p = subprocess.Popen([harness.PATHS["dsasr"], *args], env=dsasr_env(mic.env()),
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         pass_fds=mic.pass_fds())
    mic.spawned()
    return p


def run_in_pty(args, mic, limit_s=60):
    """Runs dsasr with stdout, stderr and stdin on a pseudo-terminal (80 columns); returns
    (exit status, everything the terminal received)."""
    env = dsasr_env(mic.env())
    env.update(TERM="xterm", COLUMNS="80")
    fds = mic.pass_fds()
    pid, fd = pty.fork()
    if pid == 0:  # the child: only exec (or _exit) from here
        try:
            for keep in fds:
                os.set_inheritable(keep, True)
            os.execve(harness.PATHS["dsasr"], [harness.PATHS["dsasr"], *args], env)
        finally:
            os._exit(127)
    mic.spawned()
    out = b""
    deadline = time.monotonic() + limit_s
    try:
        while time.monotonic() < deadline:
            r, _, _ = select.select([fd], [], [], 0.5)
            if r:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # EIO: the child is gone and the terminal closed
                    break
                if not chunk:
                    break
                out += chunk
        else:
            os.kill(pid, signal.SIGKILL)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")


def terminal_screen(out):
    """The lines a terminal finally shows for `out`: a carriage return plus erase-line redraws
    the line, a newline keeps it."""
    screen = []
    for line in out.replace("\r\n", "\n").split("\n"):
        screen.append(line.split("\r\x1b[K")[-1])
    return [line for line in screen if line]


class FileMic:
    """ALSA `file` plugin reading `samples` from a regular file: exact, instant, then zeros.
    `conf` may name another config of tests/alsa, `extra_env` adds variables (FAKEMIC_FILE2)."""

    def __init__(self, samples=b"", conf="fakemic.conf", extra_env=None):
        self.tmp = tempfile.mkdtemp(prefix="dsasr-e2e-mic-")
        self.path = os.path.join(self.tmp, "mic.s16le")
        with open(self.path, "wb") as f:
            f.write(samples)
        self.conf = alsa_conf(conf)
        self.extra_env = dict(extra_env or {})

    def env(self):
        return {"ALSA_CONFIG_PATH": self.conf, "FAKEMIC_FILE": self.path, **self.extra_env}

    def pass_fds(self):
        return ()

    def spawned(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.tmp, ignore_errors=True)


class PacedMic:
    """ALSA `file` plugin reading a pipe (tests/alsa/fakemic-fd.conf, infile = $FAKEMIC_FD) that
    a thread fills with `samples` at `speed` times real time, then with silence until dsasr
    exits. The plugin's reads block on the empty pipe, and that paces PortAudio's callbacks.

    Why whole periods: dsasr opens the stream with one callback per 100 ms, which PortAudio
    19.6 makes the ALSA period (1600 frames at 16 kHz), and alsa-lib 1.2.8's file plugin
    read()s exactly one period from the infile per mmap_begin, keeping whatever a short read did not fill. A pipe read
    returns what is there, so this writer only ever writes whole periods, each write() at most
    PIPE_BUF bytes (atomic): the pipe then always holds whole periods and no read comes up
    short. The --save comparisons would show a change in that size at once.

    Device probing opens the device too, but reads nothing; the fd stays open across opens
    (the plugin closes only an infile it opened itself), so the stream reads from byte 0."""

    PERIOD_BYTES = 1600 * 2
    WRITE_BYTES = PERIOD_BYTES * (select.PIPE_BUF // PERIOD_BYTES)

    def __init__(self, samples, speed=4.0):
        self.samples = samples + b"\0" * (-len(samples) % self.WRITE_BYTES)
        self.speed = speed
        self.read_fd, self.write_fd = os.pipe()
        self.stopping = threading.Event()
        self.error = None
        self.thread = threading.Thread(target=self._write, daemon=True)

    def _write(self):
        interval_s = self.WRITE_BYTES / BYTES_PER_SECOND / self.speed
        silence = b"\0" * self.WRITE_BYTES
        offset = 0
        next_at = time.monotonic()
        try:
            while not self.stopping.is_set():
                chunk = self.samples[offset:offset + self.WRITE_BYTES] or silence
                offset += len(chunk)
                # Blocks while the pipe is full; fails with EPIPE once dsasr (and this process)
                # closed the read end.
                written = os.write(self.write_fd, chunk)
                if written != len(chunk):
                    self.error = f"short write to the fake mic pipe: {written} of {len(chunk)}"
                    return
                next_at += interval_s
                delay = next_at - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                elif delay < -0.5:
                    next_at = time.monotonic()  # fell behind (pipe full): no catch-up burst
        except BrokenPipeError:
            pass
        except OSError as e:
            self.error = f"fake mic pipe: {e}"
        finally:
            os.close(self.write_fd)

    def env(self):
        return {"ALSA_CONFIG_PATH": alsa_conf("fakemic-fd.conf"),
                "FAKEMIC_FD": str(self.read_fd)}

    def pass_fds(self):
        return (self.read_fd,)

    def spawned(self):
        """dsasr has its copy of the read end: closing ours lets the writer see EPIPE when
        dsasr exits."""
        if self.read_fd >= 0:
            os.close(self.read_fd)
            self.read_fd = -1

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.spawned()
        self.thread.join(10)
        if self.thread.is_alive():
            raise AssertionError("the fake mic writer did not stop")
        if self.error and exc[0] is None:
            raise AssertionError(self.error)


class PulseMic:
    """A private PulseAudio server with a 16 kHz mono s16 null sink `vmic_in` whose monitor is
    the default source: what play() plays into the sink is what dsasr records, in real time.

    PulseAudio refuses to run as root (except in --system mode), so as root the server runs as
    nobody (uid/gid 65534, via setpriv) in a runtime directory nobody owns; the clients (pactl,
    pacat, paplay, dsasr) stay root and reach it through PULSE_SERVER with anonymous auth. A
    keep-alive pacat plays silence at 20 ms latency so that the null sink renders in small
    blocks (otherwise the first capture callback comes 0.4-2 s late). paplay gets a 300 ms
    buffer: with 20 ms, a busy machine (the sanitizer build, ctest -j) made it underrun now and
    then, which put gaps into the speech. scripts/bench passes keepalive_ms=100 (the sink then
    renders in blocks nearer the 100 ms a real microphone source would deliver to dsasr). Skips the test, with the reason, only when PulseAudio
    is not installed or cannot start. DSASR_E2E_PULSE_LOG=FILE keeps the server's log."""

    NOBODY = 65534

    def __init__(self, keepalive_ms=20):
        self.keepalive_ms = keepalive_ms
        self.procs = []
        self.daemon = None
        self.rt = self.home = None
        for tool_name in ("pulseaudio", "pactl", "pacat", "paplay"):
            if not shutil.which(tool_name):
                skip(f"{tool_name} is not installed (scripts/setup installs pulseaudio and "
                     "pulseaudio-utils)")
        if not _alsa_pulse_plugin_present():
            skip("the ALSA pulse plugin is not installed (libasound2-plugins)")

    def __enter__(self):
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self):
        self.rt = tempfile.mkdtemp(prefix="dsasr-e2e-pulse-")
        self.home = tempfile.mkdtemp(prefix="dsasr-e2e-pulse-client-")
        prefix = []
        if os.geteuid() == 0:
            os.chown(self.rt, self.NOBODY, self.NOBODY)
            prefix = [tool("setpriv"), f"--reuid={self.NOBODY}", f"--regid={self.NOBODY}",
                      "--clear-groups"]
        self.socket = os.path.join(self.rt, "native")
        self.log_path = os.path.join(self.home, "pulseaudio.stderr")
        daemon_env = {"PATH": "/usr/bin:/bin", "HOME": self.rt, "XDG_RUNTIME_DIR": self.rt}
        with open(self.log_path, "wb") as log:
            self.daemon = subprocess.Popen(
                prefix + [shutil.which("pulseaudio"), "-n", "--daemonize=no",
                          "--exit-idle-time=-1", "--disable-shm=yes", "--use-pid-file=no",
                          "--realtime=no", "--high-priority=no", "--log-target=stderr",
                          "--log-level=info",
                          f"--load=module-native-protocol-unix socket={self.socket} "
                          "auth-anonymous=1",
                          "--load=module-null-sink sink_name=vmic_in rate=16000 channels=1 "
                          "format=s16le"],
                env=daemon_env, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        deadline = time.monotonic() + 10
        while True:
            if self.daemon.poll() is not None:
                skip(f"PulseAudio did not start (exit {self.daemon.returncode}): "
                     f"{self._log_tail()}")
            if self._client(["pactl", "info"], check=False).returncode == 0:
                break
            if time.monotonic() > deadline:
                skip(f"PulseAudio did not answer within 10 s: {self._log_tail()}")
            time.sleep(0.05)
        self._client(["pactl", "set-default-source", "vmic_in.monitor"])
        self._spawn(["pacat", "--playback", f"--latency-msec={self.keepalive_ms}", "--raw", "--format=s16le",
                     "--rate=16000", "--channels=1", "--device=vmic_in", "/dev/zero"])
        time.sleep(1.0)  # let the sink settle into small blocks

    def _log_tail(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return " | ".join(f.read().splitlines()[-5:])
        except OSError:
            return "(no log)"

    def client_env(self):
        return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.home,
                "PULSE_SERVER": f"unix:{self.socket}"}

    def _client(self, cmd, check=True):
        r = subprocess.run([shutil.which(cmd[0]), *cmd[1:]], env=self.client_env(),
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=10)
        if check and r.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} failed: {r.stderr!r}")
        return r

    def _spawn(self, cmd):
        p = subprocess.Popen([shutil.which(cmd[0]), *cmd[1:]], env=self.client_env(),
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        self.procs.append(p)
        return p

    def play(self, wav_path):
        """Starts playing a WAV into the sink; returns the paplay Popen (stopped on exit)."""
        return self._spawn(["paplay", "--latency-msec=300", "--device=vmic_in", wav_path])

    def env(self):
        return {"ALSA_CONFIG_PATH": alsa_conf("pulse.conf"),
                "PULSE_SERVER": f"unix:{self.socket}", "HOME": self.home}

    def pass_fds(self):
        return ()

    def spawned(self):
        pass

    def __exit__(self, *exc):
        if os.environ.get("DSASR_E2E_PULSE_LOG"):
            shutil.copy(self.log_path, os.environ["DSASR_E2E_PULSE_LOG"])
        for p in reversed(self.procs + ([self.daemon] if self.daemon else [])):
            _stop(p)
        self.procs = []
        self.daemon = None
        for d in (self.rt, self.home):
            if d:
                shutil.rmtree(d, ignore_errors=True)


def _alsa_pulse_plugin_present():
    import glob
    return bool(glob.glob("/usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so"))


def _stop(p):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def binary_arrivals(emu):
    """(arrival time in s, bytes) of every binary frame the emulator received, in order."""
    return [(rec["t"], rec["bytes"]) for rec in emu.log() if rec.get("event") == "recv_binary"]


def wait_until(cond, timeout_s, what):
    deadline = time.monotonic() + timeout_s
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(0.05)
