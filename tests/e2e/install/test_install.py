"""cmake --install into a temporary prefix: every file in its place, the man pages found by
man, the completions identical to `dsasr completion SHELL` and working in their shells; and
the .deb that cpack builds, checked with dpkg-deb."""

import glob
import os
import re
import subprocess
import tempfile

from common import *  # noqa: F401,F403


def test_install_puts_every_file_in_its_place():
    with Installed() as inst:
        check(inst.files() == INSTALLED,
              f"installed files differ: extra {sorted(inst.files() - INSTALLED)}, "
              f"missing {sorted(INSTALLED - inst.files())}")
        for b in ("bin/dsasr", "bin/dsasr-emulator"):
            check(os.access(inst.path(b), os.X_OK), f"{b} is not executable")
        out = run(inst.path("bin/dsasr"), "--version")
        check(out.startswith("dsasr "), f"installed dsasr --version: {out!r}")
        # The man pages resolve, as `man dsasr` would find them under the prefix.
        man = tool("man")
        for page in ("dsasr", "dsasr-emulator"):
            found = run(man, "-M", inst.path("share/man"), "-w", page).strip()
            check(found == inst.path(f"share/man/man1/{page}.1"), f"man -w {page}: {found!r}")
        # The installed completions are exactly what the installed dsasr prints.
        for shell, rel in (("bash", "share/bash-completion/completions/dsasr"),
                           ("zsh", "share/zsh/site-functions/_dsasr"),
                           ("fish", "share/fish/vendor_completions.d/dsasr.fish")):
            with open(inst.path(rel), encoding="utf-8") as f:
                installed = f.read()
            printed = run(inst.path("bin/dsasr"), "completion", shell)
            check(installed == printed, f"{rel} differs from `dsasr completion {shell}`")


def _bash_complete(script, *words):
    """COMPREPLY of the installed _dsasr for the command line `words` (the last is the word
    under the cursor), one per line, sorted."""
    driver = ('source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); '
              'COMPREPLY=(); _dsasr; printf "%s\\n" "${COMPREPLY[@]}"')
    p = subprocess.run([tool("bash"), "-c", driver, "driver", script, *words],
                       capture_output=True, text=True, timeout=30)
    check(p.returncode == 0 and not p.stderr, f"_dsasr {words}: {p.returncode} {p.stderr}")
    return sorted(line for line in p.stdout.splitlines() if line)


def _long_options_of(command):
    """The long options `dsasr help COMMAND` lists."""
    text = dsasr("help", command).out
    # Option labels: "  -m, --model NAME" or "      --insecure"; wrapped help is indented more.
    return sorted(set(re.findall(r"^  (?:-\w, |    )(--[a-z][a-z0-9-]*)", text, re.M)))


def test_bash_completion_drives_the_installed_function():
    with Installed() as inst:
        script = inst.path("share/bash-completion/completions/dsasr")
        commands = sorted(["file", "mic", "devices", "models", "schema", "config", "doctor",
                           "vocab", "completion", "help"])
        got = _bash_complete(script, "dsasr", "")
        check(set(["file", "mic", "devices", "models", "config", "doctor", "completion",
                   "help"]) <= set(got) and set(got) <= set(commands), f"commands: {got}")
        check(_bash_complete(script, "dsasr", "do") == ["doctor"], "dsasr do<TAB>")
        # Options of file and of mic: exactly those their help lists.
        for command in ("file", "mic"):
            got = _bash_complete(script, "dsasr", command, "--")
            want = _long_options_of(command)
            check(got == want, f"options of {command}:\n got {got}\nwant {want}")
        check("--speed" in _bash_complete(script, "dsasr", "file", "--")
              and "--speed" not in _bash_complete(script, "dsasr", "mic", "--")
              and "--device" in _bash_complete(script, "dsasr", "mic", "--"),
              "file and mic differ")
        check(_bash_complete(script, "dsasr", "file", "-m", "x.wav", "--sp") == ["--speed"],
              "an option after a value")
        # --format values, after a space, with a prefix, and after '='.
        check(_bash_complete(script, "dsasr", "file", "--format", "") ==
              ["jsonl", "srt", "text", "vtt"], "--format values")
        check(_bash_complete(script, "dsasr", "file", "-f", "s") == ["srt"], "-f s<TAB>")
        check(_bash_complete(script, "dsasr", "mic", "--format", "=", "") ==
              ["jsonl", "srt", "text", "vtt"], "--format=<TAB>")
        check("paraformer-realtime-v2" in _bash_complete(script, "dsasr", "file", "--model", "para"),
              "model names")
        check(_bash_complete(script, "dsasr", "completion", "") == ["bash", "fish", "zsh"],
              "completion's shells")
        # Paths: files for inputs and FILE values, directories for --output-dir.
        with tempfile.TemporaryDirectory() as d:
            os.mkdir(os.path.join(d, "subdir"))
            open(os.path.join(d, "talk.wav"), "w").close()
            check(_bash_complete(script, "dsasr", "file", os.path.join(d, "ta")) ==
                  [os.path.join(d, "talk.wav")], "input files")
            check(_bash_complete(script, "dsasr", "file", "--api-key-file", d + "/") ==
                  sorted([os.path.join(d, "subdir"), os.path.join(d, "talk.wav")]), "FILE values")
            check(_bash_complete(script, "dsasr", "file", "--output-dir", d + "/") ==
                  [os.path.join(d, "subdir")], "--output-dir takes directories")
        check(_bash_complete(script, "dsasr", "mic", "") == [], "mic takes no operand")


def test_zsh_and_fish_parse_their_completions():
    with Installed() as inst:
        p = subprocess.run([tool("zsh"), "-n", inst.path("share/zsh/site-functions/_dsasr")],
                           capture_output=True, text=True, timeout=30)
        check(p.returncode == 0 and not p.stderr, f"zsh -n: {p.returncode} {p.stderr}")
        p = subprocess.run([tool("fish"), "--no-execute",
                            inst.path("share/fish/vendor_completions.d/dsasr.fish")],
                           capture_output=True, text=True, timeout=30)
        check(p.returncode == 0 and not p.stderr, f"fish --no-execute: {p.returncode} {p.stderr}")
        # fish also loads it and completes from it.
        fish_home = tempfile.mkdtemp(prefix="dsasr-e2e-fish-")
        p = subprocess.run(
            [tool("fish"), "--no-config", "-c",
             f"source {inst.path('share/fish/vendor_completions.d/dsasr.fish')}; "
             "complete -C 'dsasr file --format '"],
            capture_output=True, text=True, timeout=30,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": fish_home,
                 "XDG_CONFIG_HOME": fish_home, "XDG_DATA_HOME": fish_home})
        values = sorted(line.split("\t")[0] for line in p.stdout.splitlines() if line)
        check(p.returncode == 0 and values == ["jsonl", "srt", "text", "vtt"],
              f"fish completes --format: {values} {p.stderr}")


def test_deb_package_has_the_files_and_shlibdeps_depends():
    build = build_dir()
    with tempfile.TemporaryDirectory(prefix="dsasr-e2e-deb-") as out:
        run(tool("cpack"), "--config", os.path.join(build, "CPackConfig.cmake"), "-G", "DEB",
            "-B", out, timeout=115)
        debs = glob.glob(os.path.join(out, "*.deb"))
        check(len(debs) == 1, f"cpack made {debs}")
        deb = debs[0]
        dpkg_deb = tool("dpkg-deb")
        contents = run(dpkg_deb, "--contents", deb)
        files = {line.split()[-1].lstrip(".") for line in contents.splitlines()
                 if not line.startswith("d")}
        # Also where Debian's zsh looks for a /usr installation.
        want = {"/usr/" + f for f in INSTALLED} | {"/usr/share/zsh/vendor-completions/_dsasr"}
        check(files == want, f"the .deb's files: extra {sorted(files - want)}, "
              f"missing {sorted(want - files)}")
        fields = {k: run(dpkg_deb, "--field", deb, k).strip()
                  for k in ("Package", "Version", "Architecture", "Depends", "Recommends")}
        check(fields["Package"] == "dsasr", f"{fields}")
        check(re.fullmatch(r"\d+\.\d+\.\d+", fields["Version"]) is not None, f"{fields}")
        check(fields["Architecture"] == run(tool("dpkg"), "--print-architecture").strip(),
              f"{fields}")
        entries = {d.strip().split(" ")[0]: d.strip() for d in fields["Depends"].split(",")}
        depends = list(entries)
        # From dpkg-shlibdeps: each library the binaries link, with its minimum version (a
        # sanitizer build adds libasan8 and libubsan1, whose shlibs carry no version).
        for lib in ("libc6", "libstdc++6", "libwebsockets17", "libsndfile1", "libsoxr0",
                    "libssl3", "libtomlplusplus3"):
            check(lib in entries and "(>= " in entries[lib],
                  f"Depends lacks a versioned {lib}: {fields['Depends']}")
        # PortAudio and libpulse are loaded on demand: recommended, not required.
        check(not any("portaudio" in d or "libpulse" in d for d in depends),
              f"Depends: {fields['Depends']}")
        check(fields["Recommends"] == "libportaudio2, libpulse0",
              f"Recommends: {fields['Recommends']}")


if __name__ == "__main__":
    run_case(globals())
