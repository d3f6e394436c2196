"""Fixture audio (espeak-ng speech in tests/data) with --script: finals are the script lines."""

from emu import (Duplex, Realtime, check_fun_sentence, dump, finals, parse_wav, timeout,
                 vad_segments)

DONE_EV = "conversation.item.input_audio_transcription.completed"


def _load(ctx, name):
    with open(ctx.data(name + ".wav"), "rb") as f:
        data = f.read()
    rate, channels, bits, pcm, offset = parse_wav(data)
    assert (rate, channels, bits, offset) == (16000, 1, 16, 44), \
        "%s.wav must be 16 kHz mono s16 with a 44-byte header: %s" % (name, (rate, channels, bits,
                                                                             offset))
    with open(ctx.data(name + ".txt"), encoding="utf-8") as f:
        lines = [ln.rstrip("\n") for ln in f if ln.strip()]
    return pcm, lines


async def _duplex(ctx, name, n):
    pcm, lines = _load(ctx, name)
    assert len(lines) == n, "%s.txt has %d lines" % (name, len(lines))
    segs = vad_segments(pcm)
    assert len(segs) == n, "reference VAD finds %d segments in %s.wav: %s" % (len(segs), name, segs)
    async with ctx.emulator("--script", ctx.data(name + ".txt")) as e:
        d = await Duplex.open(e)
        await d.start(model="fun-asr-realtime")
        await d.send_audio(pcm, chunk=12800)
        res = await d.finish(timeout=15)
        for m in res:
            check_fun_sentence(m, d.task_id)
        f = finals(res)
        assert [s["text"] for s in f] == lines, "finals must be the script lines in order: %s" % (
            dump([s["text"] for s in f]))
        assert [s["sentence_id"] for s in f] == list(range(1, n + 1)), dump(f)
        for s, (b, en) in zip(f, segs):
            assert abs(s["begin_time"] - b) <= 20 and abs(s["end_time"] - en) <= 20, \
                "sentence times must come from the audio (reference %d..%d): %s" % (b, en, dump(s))
        await d.close()


async def _realtime(ctx, name, n):
    pcm, lines = _load(ctx, name)
    async with ctx.emulator("--script", ctx.data(name + ".txt")) as e:
        rt = await Realtime.open(e)
        await rt.update({"sample_rate": 16000, "input_audio_format": "pcm",
                         "turn_detection": {"type": "server_vad", "threshold": 0.2,
                                            "silence_duration_ms": 800}})
        await rt.append(pcm)
        await rt.send({"type": "session.finish"})
        evs = await rt.until("session.finished", timeout=15)
        done = [x["transcript"] for x in evs if x["type"] == DONE_EV]
        assert done == lines, "completed transcripts must be the script lines: %s" % dump(done)
        await rt.close()


@timeout(30)
async def test_en_wav_fun_asr(ctx):
    await _duplex(ctx, "en", 4)


@timeout(30)
async def test_zh_wav_fun_asr(ctx):
    await _duplex(ctx, "zh", 3)


@timeout(30)
async def test_en_wav_qwen3_realtime(ctx):
    await _realtime(ctx, "en", 4)


@timeout(30)
async def test_zh_wav_qwen3_realtime(ctx):
    await _realtime(ctx, "zh", 3)
