#!/usr/bin/python3
"""Runs dsasr-emulator conformance tests.

  run.py --emulator PATH --data DIR [--list] [MODULE[:TEST] ...]

MODULE is a test_*.py file name without .py (e.g. test_realtime); TEST a function name without
the test_ prefix. Without arguments every test of every module runs. Each test is an
`async def test_<case>(ctx)` coroutine, run under a hard timeout (default 20 s, or the
function's `timeout_s` attribute). Exit status 0 = all passed.
"""

import sys

sys.dont_write_bytecode = True  # keep the source tree clean

import argparse
import asyncio
import glob
import importlib
import os
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import emu  # noqa: E402

DEFAULT_TIMEOUT_S = 20.0


def discover(selectors):
    modules = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(HERE, "test_*.py")))
    wanted = []
    for sel in selectors or modules:
        mod_name, _, case = sel.partition(":")
        if mod_name not in modules:
            raise SystemExit("no such test module: %s" % mod_name)
        mod = importlib.import_module(mod_name)
        names = [n for n in dir(mod) if n.startswith("test_") and callable(getattr(mod, n))]
        names.sort(key=lambda n: getattr(mod, n).__code__.co_firstlineno)
        if case:
            if "test_" + case not in names:
                raise SystemExit("no test %s in %s" % (case, mod_name))
            names = ["test_" + case]
        wanted += [(mod_name, n, getattr(mod, n)) for n in names]
    return wanted


async def run_one(fn, ctx):
    try:
        await asyncio.wait_for(fn(ctx), getattr(fn, "timeout_s", DEFAULT_TIMEOUT_S))
    except asyncio.TimeoutError:
        raise AssertionError("test exceeded its hard timeout of %.0f s" %
                             getattr(fn, "timeout_s", DEFAULT_TIMEOUT_S))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("tests", nargs="*")
    args = ap.parse_args()
    tests = discover(args.tests)
    if args.list:
        for mod, name, _ in tests:
            print("%s:%s" % (mod, name[5:]))
        return 0
    failed = []
    for mod, name, fn in tests:
        label = "%s:%s" % (mod, name[5:])
        with tempfile.TemporaryDirectory(prefix="emuconf-") as tmp:
            ctx = emu.Context(os.path.abspath(args.emulator), os.path.abspath(args.data), tmp)
            t0 = time.monotonic()
            try:
                asyncio.run(run_one(fn, ctx))
                print("PASS %s (%.1f s)" % (label, time.monotonic() - t0), flush=True)
            except BaseException as e:  # report everything, incl. KeyboardInterrupt
                failed.append(label)
                print("FAIL %s (%.1f s)" % (label, time.monotonic() - t0), flush=True)
                traceback.print_exc(file=sys.stdout)
                for e_ in ctx._started:
                    if e_.proc is not None:
                        print("--- emulator %s stderr tail:\n%s" % (e_.args, e_.stderr_text()))
                if isinstance(e, KeyboardInterrupt):
                    raise
            finally:
                ctx.stop_all()
    if failed:
        print("%d of %d failed: %s" % (len(failed), len(tests), ", ".join(failed)))
        return 1
    print("all %d passed" % len(tests))
    return 0


if __name__ == "__main__":
    sys.exit(main())
