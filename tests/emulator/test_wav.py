"""format wav: the RIFF header is stripped (chunks parsed until `data`), the rest is PCM."""

import struct

from emu import Duplex, audio, dump, finals, wav_header


def _loud_junk(n):
    # as PCM this would be full-scale square wave: speech at t=0 if the header were not stripped
    return (struct.pack("<hh", 30000, -30000) * (n // 4 + 1))[:n]


async def _wav_finals(e, data, chunks):
    d = await Duplex.open(e)
    await d.start(parameters={"format": "wav"})
    pos = 0
    for size in chunks:
        await d.ws.send(data[pos:pos + size])
        pos += size
    if pos < len(data):
        await d.send_audio(data[pos:])
    f = finals(await d.finish())
    await d.close()
    return f, d


async def test_canonical_header_stripped(ctx):
    pcm = audio(("s", 400), ("t", 600), ("s", 300))
    data = wav_header(len(pcm)) + pcm
    async with ctx.emulator() as e:
        f, d = await _wav_finals(e, data, [len(data)])
        assert len(f) == 1, d.log
        assert abs(f[0]["begin_time"] - 400) <= 10 and abs(f[0]["end_time"] - 1000) <= 10, dump(f)


async def test_extra_chunks_before_data_split_across_frames(ctx):
    pcm = audio(("s", 400), ("t", 600), ("s", 300))
    junk = _loud_junk(3200)  # 100 ms worth of bytes, loud if taken as PCM
    extra = b"LIST" + struct.pack("<I", len(junk)) + junk + b"fact" + struct.pack("<I", 4) + \
        struct.pack("<I", len(pcm) // 2)
    data = wav_header(len(pcm), extra_chunks=extra) + pcm
    async with ctx.emulator() as e:
        f, d = await _wav_finals(e, data, [3, 5, 9, 1, 20, 1000, 7, 2500])
        assert len(f) == 1, "header chunks leaked into the PCM?; %s" % d.log
        assert abs(f[0]["begin_time"] - 400) <= 10 and abs(f[0]["end_time"] - 1000) <= 10, \
            "all chunks up to 'data' must be stripped: %s" % dump(f)


async def test_streaming_wav_header_size(ctx):
    # espeak-ng --stdout style: data size 0x7ffff000
    pcm = audio(("s", 200), ("t", 500), ("s", 300))
    data = bytearray(wav_header(len(pcm)) + pcm)
    data[40:44] = struct.pack("<I", 0x7ffff000)
    data[4:8] = struct.pack("<I", 0x7ffff024)
    async with ctx.emulator() as e:
        f, d = await _wav_finals(e, bytes(data), [44, 1])
        assert len(f) == 1 and abs(f[0]["begin_time"] - 200) <= 10, d.log


async def test_fixture_wav_same_as_pcm(ctx):
    with open(ctx.data("en.wav"), "rb") as fh:
        data = fh.read()
    async with ctx.emulator() as e:
        fw, dw = await _wav_finals(e, data, [12800] * 3)
        d = await Duplex.open(e)
        await d.start()
        await d.send_audio(data[44:], chunk=12800)
        fp = finals(await d.finish())
        key = [(s["begin_time"], s["end_time"], s["text"]) for s in fp]
        assert [(s["begin_time"], s["end_time"], s["text"]) for s in fw] == key, \
            "wav and pcm of the same audio must give the same finals: %s vs %s" % (dump(fw), dump(fp))
        assert len(fp) == 4, d.log
