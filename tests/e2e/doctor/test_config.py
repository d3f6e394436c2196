"""The configuration file and its profiles with the real dsasr: a profile chosen by flag or by
DSASR_PROFILE drives a real transcription against the emulator, `dsasr config` shows each
setting's origin, errors name the file and line, and a key is never taken from the file."""

import os
import tempfile

from common import *  # noqa: F401,F403


def write_config(tmp, text):
    d = os.path.join(tmp, "config", "dsasr")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "config.toml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def test_a_profile_drives_a_transcription():
    with tempfile.TemporaryDirectory() as tmp, Emulator(script="en.txt") as emu:
        write_config(tmp, f'speed = "max"\nformat = "srt"\n\n[profile.local]\n'
                          f'endpoint = "{emu.url()}"\nformat = "jsonl"\nwords = true\n')
        env = {"XDG_CONFIG_HOME": os.path.join(tmp, "config")}
        r = dsasr("file", data("en.wav"), "--profile", "local", env=env)
        check(r.rc == 0, "transcribed with the profile's endpoint", r)
        recs = finals(r.out)
        check([x["text"] for x in recs] == script_lines("en.txt"), "jsonl from the profile", r)
        check(all("words" in x for x in recs), "words = true from the profile", r)
        # DSASR_PROFILE does the same; the command line still wins over the profile.
        r = dsasr("file", data("en.wav"), "--vtt", env={**env, "DSASR_PROFILE": "local"})
        check(r.rc == 0 and r.out.startswith("WEBVTT"), "--vtt over the profile's format", r)


def test_dsasr_config_shows_origins():
    with tempfile.TemporaryDirectory() as tmp:
        path = write_config(tmp, 'speed = "max"\n[profile.intl]\nregion = "singapore"\n')
        env = {"XDG_CONFIG_HOME": os.path.join(tmp, "config"), "DSASR_PROFILE": "intl",
               "NO_COLOR": "1"}
        r = dsasr("config", "--profile", "intl", key="sk-config0e2e0marker", env=env)
        check(r.rc == 0, "dsasr config", r)
        lines = r.out.splitlines()

        def line(name):
            return next(l for l in lines if l.startswith(name + " = "))
        check(line("speed").endswith(f"# config file {path}:1"), "from the file's line", r)
        check(line("region").endswith(f"# profile intl, {path}:3"), "from the profile", r)
        check(line("color").endswith("# environment NO_COLOR"), "from the environment", r)
        check(line("model").endswith("# default"), "the default", r)
        check(f"# profile: intl (from --profile)" in lines, "the flag names the profile", r)
        check("# API key: from DASHSCOPE_API_KEY; starts with sk-, 20 characters, letters and "
              "digits" in lines, "the key's origin and shape", r)
        check("0e2e0marker" not in r.out + r.err, "never the key", r)
        # The output is valid TOML, with the effective values.
        import tomllib
        parsed = tomllib.loads(r.out)
        check(parsed["speed"] == "max" and parsed["region"] == "singapore" and
              parsed["partials"] is False and parsed["retries"] == 5, f"{parsed}", r)


def test_config_errors_name_the_file_and_line():
    with tempfile.TemporaryDirectory() as tmp:
        env = {"XDG_CONFIG_HOME": os.path.join(tmp, "config")}
        path = write_config(tmp, 'speed = "max"\nspeeed = "max"\n')
        r = dsasr("file", data("en.wav"), env=env)
        check(r.rc == 2 and f"dsasr: error: {path}:2: unknown key 'speeed' (did you mean speed?)"
              in r.err, "unknown key", r)
        write_config(tmp, 'api-key = "sk-in0the0file"\n')
        r = dsasr("file", data("en.wav"), env=env)
        check(r.rc == 2 and f"{path}:1: an API key is never read from the configuration file"
              in r.err and "in0the0file" not in r.err, "no key in the file", r)
        write_config(tmp, "[profile.a]\n")
        r = dsasr("doctor", "--profile", "b", env=env)
        check(r.rc == 2 and f"{path}: no profile 'b' (from --profile)" in r.err,
              "a missing profile", r)


if __name__ == "__main__":
    run_case(globals())
