"""Duplex family protocol errors: run-task validation, order violations, finish-task payload,
connection reuse and task-id reuse. Every task-failed must be followed by the server closing."""

from emu import (Duplex, audio, check_task_failed, dump, expect_closed, finals, finish_task_msg,
                 new_task_id, run_task_msg, timeout)


async def _expect_fail(e, first, code=None, message=None, contains=None, tid="__from_msg__",
                       what=""):
    """Opens a connection, sends `first` (dict → JSON text, str → raw text, bytes → binary) and
    expects task-failed then close."""
    d = await Duplex.open(e)
    if isinstance(first, dict):
        await d.send_json(first)
    else:
        await d.ws.send(first)
    if tid == "__from_msg__":
        tid = None  # whether the id is echoed is checked by test_task_failed_echoes_task_id
    msg = await d.recv()
    try:
        check_task_failed(msg, tid, code, message, contains)
    except AssertionError as ex:
        raise AssertionError("%s: %s" % (what, ex))
    await expect_closed(d.ws, 3.0, d.log)
    return msg


def _mut(fn):
    m = run_task_msg(new_task_id())
    fn(m)
    return m


@timeout(40)
async def test_run_task_header_and_task_validation(ctx):
    cases = {
        "action missing": lambda m: m["header"].pop("action"),
        "action unknown": lambda m: m["header"].__setitem__("action", "start-task"),
        "streaming missing": lambda m: m["header"].pop("streaming"),
        "streaming out": lambda m: m["header"].__setitem__("streaming", "out"),
        "task_group": lambda m: m["payload"].__setitem__("task_group", "aigc"),
        "task": lambda m: m["payload"].__setitem__("task", "tts"),
        "function": lambda m: m["payload"].__setitem__("function", "generation"),
        "task missing": lambda m: m["payload"].pop("task"),
    }
    async with ctx.emulator() as e:
        for what, fn in cases.items():
            await _expect_fail(e, _mut(fn), what=what)
        for what, tid in (("task_id empty", ""), ("task_id number", 42), ("task_id null", None)):
            m = run_task_msg("x")
            m["header"]["task_id"] = tid
            await _expect_fail(e, m, tid=None, what=what)
        m = run_task_msg("x")
        del m["header"]["task_id"]
        await _expect_fail(e, m, tid=None, what="task_id missing")


async def test_unknown_model(ctx):
    async with ctx.emulator() as e:
        for model in ("no-such-model", "qwen3-asr-flash-realtime", "paraformer-v2"):
            await _expect_fail(e, run_task_msg(new_task_id(), model=model), "ModelNotFound",
                               "Model not found (%s)!" % model, what=model)


async def test_input_missing_or_not_object(ctx):
    async with ctx.emulator() as e:
        for what, val in (("missing", "__del__"), ("array", []), ("string", "x"), ("null", None)):
            m = run_task_msg(new_task_id())
            if val == "__del__":
                del m["payload"]["input"]
            else:
                m["payload"]["input"] = val
            await _expect_fail(e, m, "InvalidParameter", "Invalid payload data", what="input " + what)


async def test_malformed_json_first_message(ctx):
    async with ctx.emulator() as e:
        for text in ('{"header": {"action": "run-task"', "not json at all", "{'a': 1}"):
            await _expect_fail(e, text, "InvalidParameter", "Invalid payload data", tid=None,
                               what="malformed %r" % text)
        for text in ("[1,2,3]", '"str"', "{}", '{"header": 1, "payload": {}}'):
            await _expect_fail(e, text, tid=None, what="not an instruction %r" % text)


async def test_format_validation(ctx):
    async with ctx.emulator() as e:
        for fmt in ("mp3", "opus", "speex", "aac", "amr"):
            await _expect_fail(e, run_task_msg(new_task_id(), parameters={"format": fmt}),
                               "UNSUPPORTED_FORMAT", what="format " + fmt)
        for what, fmt in (("unknown", "flac2"), ("number", 16), ("missing", None)):
            await _expect_fail(e, run_task_msg(new_task_id(), parameters={"format": fmt}),
                               what="format " + what)
        for fmt in ("pcm", "wav"):
            d = await Duplex.open(e)
            await d.start(parameters={"format": fmt})
            await d.close()


async def test_sample_rate_validation(ctx):
    async with ctx.emulator() as e:
        for what, sr in (("zero", 0), ("negative", -16000), ("string", "16000"), ("float", 16000.5),
                         ("bool", True), ("missing", None)):
            await _expect_fail(e, run_task_msg(new_task_id(), parameters={"sample_rate": sr}),
                               "InvalidParameter", contains="sample_rate",
                               what="sample_rate " + what)


async def test_typed_parameter_checks(ctx):
    bad = [("max_sentence_silence", 199), ("max_sentence_silence", 6001),
           ("max_sentence_silence", "800"), ("max_sentence_silence", 800.5),
           ("language_hints", "en"), ("language_hints", [1]), ("heartbeat", "true"),
           ("heartbeat", 1), ("semantic_punctuation_enabled", "false"),
           ("disfluency_removal_enabled", 0), ("translation_target_languages", "en"),
           ("transcription_enabled", "yes"), ("translation_enabled", 1)]
    async with ctx.emulator() as e:
        for name, val in bad:
            model = "gummy-realtime-v1" if name.startswith("transl") or name.startswith(
                "transcr") else "fun-asr-realtime"
            await _expect_fail(e, run_task_msg(new_task_id(), model, {name: val}),
                               "InvalidParameter", contains=name, what="%s=%r" % (name, val))


async def test_unknown_and_null_parameters_ignored(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e)
        await d.start(parameters={"stream": True, "pre_task_id": "abc", "x_future": [1, {"a": None}],
                                  "max_sentence_silence": 200, "language_hints": ["zh", "en"],
                                  "vocabulary_id": "vocab-123", "heartbeat": False})
        await d.finish()
        await d.start(model="gummy-realtime-v1",
                      parameters={"source_language": None, "transcription_enabled": True,
                                  "translation_enabled": True,
                                  "translation_target_languages": ["en"], "max_end_silence": 700,
                                  "stream": True})
        await d.finish()
        await d.close()


async def test_audio_before_task_started(ctx):
    async with ctx.emulator() as e:
        await _expect_fail(e, b"\x00\x00" * 1600, "InvalidParameter", contains="audio", tid=None,
                           what="binary first")
        # with a late task-started, audio right after run-task is before task-started
        d = await Duplex.open(e, faults="delay-start:800")
        tid = new_task_id()
        await d.send_json(run_task_msg(tid))
        await d.ws.send(b"\x00\x00" * 1600)
        msg = await d.recv(3)
        check_task_failed(msg, tid, "InvalidParameter", message_contains="audio")
        await expect_closed(d.ws, 3, d.log)


async def test_finish_task_before_task_started(ctx):
    async with ctx.emulator() as e:
        await _expect_fail(e, finish_task_msg(new_task_id()), "InvalidParameter",
                           contains="finish-task", what="finish-task first")
        d = await Duplex.open(e, faults="delay-start:800")
        tid = new_task_id()
        await d.send_json(run_task_msg(tid))
        await d.send_json(finish_task_msg(tid))
        msg = await d.recv(3)
        check_task_failed(msg, tid, "InvalidParameter", message_contains="finish-task")
        await expect_closed(d.ws, 3, d.log)


async def test_bad_finish_task_payload(ctx):
    payloads = [{"input": {"end_of_stream": True}}, {}, {"input": {}, "x": 1}, {"input": []},
                {"input": None}]
    async with ctx.emulator() as e:
        for p in payloads:
            d = await Duplex.open(e)
            await d.start()
            await d.send_audio(audio(("t", 300)))
            await d.send_json(finish_task_msg(d.task_id, payload=p))
            while True:
                msg = await d.recv(3)
                if msg["header"]["event"] != "result-generated":
                    break
            check_task_failed(msg, d.task_id, "InvalidParameter", "Invalid payload data")
            await expect_closed(d.ws, 3, d.log)
        d = await Duplex.open(e)
        await d.start()
        m = finish_task_msg(d.task_id)
        del m["payload"]
        await d.send_json(m)
        msg = await d.recv(3)
        check_task_failed(msg, d.task_id, "InvalidParameter", "Invalid payload data")
        await expect_closed(d.ws, 3, d.log)


async def test_connection_reuse_new_task_id(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e)
        ids = []
        for i in range(3):
            await d.start()
            ids.append(d.task_id)
            await d.send_audio(audio(("t", 400), ("s", 200)))
            f = finals(await d.finish())
            assert len(f) == 1 and f[0]["sentence_id"] == 1, "task %d on a reused socket; %s" % (i,
                                                                                                 d.log)
        await d.close()
        assert len(set(ids)) == 3


async def test_reused_task_id_fails(ctx):
    async with ctx.emulator() as e:
        d = await Duplex.open(e)
        await d.start()
        tid = d.task_id
        await d.finish()
        await d.send_json(run_task_msg(tid))
        msg = await d.recv()
        check_task_failed(msg, tid, "InvalidParameter", "task_id already used")
        await expect_closed(d.ws, 3, d.log)
        # also on a new connection: any earlier task on this emulator
        await _expect_fail(e, run_task_msg(tid), "InvalidParameter", "task_id already used",
                           what="reused id on a new connection")


async def test_task_failed_shape_exact(ctx):
    async with ctx.emulator() as e:
        m = run_task_msg("tid-shape", model="nope")
        msg = await _expect_fail(e, m, "ModelNotFound", "Model not found (nope)!")
        assert msg == {"header": {"task_id": "tid-shape", "event": "task-failed",
                                  "error_code": "ModelNotFound",
                                  "error_message": "Model not found (nope)!", "attributes": {}},
                       "payload": {}}, dump(msg)


async def test_task_failed_echoes_task_id(ctx):
    """protocol.md §2.2: the emulator echoes the client's task id; a task-failed answering a
    message that carried a task_id names that id."""
    async with ctx.emulator() as e:
        cases = {
            "bad run-task (streaming)": _mut(lambda m: m["header"].__setitem__("streaming", "x")),
            "bad run-task (no action)": _mut(lambda m: m["header"].pop("action")),
            "bad run-task (no input)": _mut(lambda m: m["payload"].pop("input")),
            "bad run-task (model)": _mut(lambda m: m["payload"].__setitem__("model", "nope")),
            "finish-task first": finish_task_msg(new_task_id()),
        }
        bad = []
        for what, m in cases.items():
            try:
                await _expect_fail(e, m, tid=m["header"]["task_id"], what=what)
            except AssertionError as ex:
                bad.append(str(ex))
        assert not bad, "task-failed without the client's task_id:\n" + "\n".join(bad)
