"""--hotwords on `dsasr mic`, through PortAudio on the ALSA fake microphone (tests/alsa): the
vocabulary is found or created before the first task, and its id reaches run-task."""

import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "mic"))
from miclib import *  # noqa: E402,F401,F403
from common import actions, hot_script, write  # noqa: E402


def test_mic_hotwords_are_created_once_and_reach_the_task():
    speech = samples_of("en.wav")[:int(4.9 * BYTES_PER_SECOND)]
    with tempfile.TemporaryDirectory() as d, Emulator(script=hot_script(d)) as emu:
        words = write(d, "hot.txt", "DashScope\n")
        for run in range(2):
            with FileMic(speech) as mic:
                r = run_dsasr(["mic", "--endpoint", emu.url(), "--duration", "4.9",
                               "--hotwords", words], mic)
            first = script_lines("en.txt")[0].split(" ", 1)[1]
            check(r.rc == 0 and r.out.splitlines()[:1] == ["DashScope " + first],
                  f"run {run + 1}: the hot spelling", r)
        ids = [m["payload"]["parameters"].get("vocabulary_id") for m in emu.received("run-task")]
        check(len(ids) == 2 and ids[0] and ids[0] == ids[1], f"one id in both tasks: {ids}")
        check(actions(emu) == ["list_vocabulary", "create_vocabulary", "list_vocabulary"],
              f"created once: {actions(emu)}")


if __name__ == "__main__":
    run_case(globals())
