"""Helpers shared by the install and package end-to-end modules: the build folder of the
dsasr under test, and an installation of it into a temporary prefix."""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import *  # noqa: E402,F401,F403
import harness  # noqa: E402

# Every file `cmake --install` puts under the prefix, and nothing else.
INSTALLED = {
    "bin/dsasr",
    "bin/dsasr-emulator",
    "share/man/man1/dsasr.1",
    "share/man/man1/dsasr-emulator.1",
    "share/bash-completion/completions/dsasr",
    "share/zsh/site-functions/_dsasr",
    "share/fish/vendor_completions.d/dsasr.fish",
}


def build_dir():
    """The CMake build folder: binaries are in <build>/bin (CMAKE_RUNTIME_OUTPUT_DIRECTORY)."""
    build = os.path.dirname(os.path.dirname(os.path.abspath(harness.PATHS["dsasr"])))
    check(os.path.exists(os.path.join(build, "CMakeCache.txt")), f"no build folder at {build}")
    return build


def run(*args, cwd=None, timeout=110):
    p = subprocess.run(list(args), capture_output=True, text=True, cwd=cwd, timeout=timeout)
    check(p.returncode == 0, f"{' '.join(args)} exited {p.returncode}:\n{p.stdout}\n{p.stderr}")
    return p.stdout


class Installed:
    """`cmake --install BUILD --prefix TMP`, removed afterwards."""

    def __enter__(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="dsasr-e2e-install-")
        self.prefix = self.tmp.name
        run(tool("cmake"), "--install", build_dir(), "--prefix", self.prefix)
        return self

    def path(self, relative):
        return os.path.join(self.prefix, relative)

    def files(self):
        out = set()
        for root, _, names in os.walk(self.prefix):
            for n in names:
                out.add(os.path.relpath(os.path.join(root, n), self.prefix))
        return out

    def __exit__(self, *exc):
        self.tmp.cleanup()
