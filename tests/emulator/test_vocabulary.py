"""The hot-word customization API (POST /api/v1/services/audio/asr/customization) as the official
Python SDK's VocabularyService speaks it, over plain HTTP and TLS, and {hot:...} script terms
following a task's vocabulary_id.

[OBS] dashscope-sdk-python, dashscope/audio/asr/vocabulary.py and api_entities/: the request is
ApiRequestData.to_request_object() of model "speech-biasing" with task_group "audio", task "asr",
function "customization" -> {"model", "parameters": {}, "input": {"action", ...}} (in that member
order), json.dumps(..., ensure_ascii=False), POSTed with Authorization: Bearer KEY, Accept and
Content-Type "application/json; charset=utf-8", and X-DashScope-WorkSpace when a workspace is
set. A 200 answer is read as output["vocabulary_id"] (create), output["vocabulary_list"] (list)
or output (query); anything else as code, message and request_id.
"""

import asyncio
import json
import ssl
import urllib.error
import urllib.request

from emu import Duplex, audio, finals, make_tls, timeout

PATH = "/services/audio/asr/customization"  # under the base URL, as the SDK builds it


def sdk_call(base, key, action_input, workspace=None, ssl_ctx=None):
    """One VocabularyService request: (HTTP status, parsed body)."""
    body = json.dumps({"model": "speech-biasing", "parameters": {}, "input": action_input},
                      ensure_ascii=False).encode("utf-8")
    headers = {"Accept": "application/json; charset=utf-8",
               "Content-Type": "application/json; charset=utf-8",
               "user-agent": "dashscope/1.26.2; python/3.11.2; platform/Linux"}
    if key is not None:
        headers["Authorization"] = "Bearer " + key
    if workspace:
        headers["X-DashScope-WorkSpace"] = workspace
    req = urllib.request.Request(base + PATH, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=10, context=ssl_ctx) as resp:
            return resp.status, json.loads(resp.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read().decode("utf-8"))


async def call(*args, **kw):
    return await asyncio.get_running_loop().run_in_executor(None, lambda: sdk_call(*args, **kw))


def check_error(status, body, http_status, code):
    assert status == http_status, (status, body)
    assert body.get("code") == code and body.get("message") and body.get("request_id"), body


VOCAB = [{"text": "赛德克巴莱", "weight": 4, "lang": "zh"},
         {"text": "Seediq Bale", "weight": 4, "lang": "en"}]


async def test_the_sdk_lifecycle(ctx):
    async with ctx.emulator() as e:
        base = "http://127.0.0.1:%d/api/v1" % e.port
        status, created = await call(base, "k", {
            "action": "create_vocabulary", "target_model": "fun-asr-realtime",
            "prefix": "prefix", "vocabulary": VOCAB}, workspace="ws-1")
        assert status == 200 and created["request_id"], created
        vid = created["output"]["vocabulary_id"]
        assert vid.startswith("vocab-prefix-"), vid

        # list_vocabularies(prefix=None, page_index=0, page_size=10) omits the prefix
        status, listed = await call(base, "k", {"action": "list_vocabulary", "page_index": 0,
                                                "page_size": 10})
        assert status == 200, listed
        rows = listed["output"]["vocabulary_list"]
        assert [r["vocabulary_id"] for r in rows] == [vid], rows
        assert set(rows[0]) == {"vocabulary_id", "gmt_create", "gmt_modified", "status"}, rows
        assert rows[0]["status"] == "OK"
        status, listed = await call(base, "k", {"action": "list_vocabulary", "prefix": "other",
                                                "page_index": 0, "page_size": 10})
        assert listed["output"]["vocabulary_list"] == [], listed

        status, queried = await call(base, "k", {"action": "query_vocabulary",
                                                 "vocabulary_id": vid})
        out = queried["output"]
        assert status == 200 and out["vocabulary"] == VOCAB, queried
        assert out["target_model"] == "fun-asr-realtime" and out["status"] == "OK", out

        status, updated = await call(base, "k", {"action": "update_vocabulary",
                                                 "vocabulary_id": vid,
                                                 "vocabulary": VOCAB[:1]})
        assert status == 200, updated
        _, queried = await call(base, "k", {"action": "query_vocabulary", "vocabulary_id": vid})
        assert queried["output"]["vocabulary"] == VOCAB[:1], queried

        status, deleted = await call(base, "k", {"action": "delete_vocabulary",
                                                 "vocabulary_id": vid})
        assert status == 200, deleted
        status, again = await call(base, "k", {"action": "query_vocabulary",
                                               "vocabulary_id": vid})
        check_error(status, again, 400, "InvalidParameter")


async def test_keys_are_checked_and_accounts_separate(ctx):
    async with ctx.emulator("--api-key", "sk-right") as e:
        base = "http://127.0.0.1:%d/api/v1" % e.port
        for key in (None, "sk-wrong"):
            status, body = await call(base, key, {"action": "list_vocabulary", "page_index": 0,
                                                  "page_size": 10})
            check_error(status, body, 401, "InvalidApiKey")
    async with ctx.emulator() as e:
        base = "http://127.0.0.1:%d/api/v1" % e.port
        _, created = await call(base, "alice", {
            "action": "create_vocabulary", "target_model": "fun-asr-realtime", "prefix": "a",
            "vocabulary": VOCAB})
        _, listed = await call(base, "bob", {"action": "list_vocabulary", "page_index": 0,
                                             "page_size": 10})
        assert listed["output"]["vocabulary_list"] == [], listed
        status, body = await call(base, "bob", {"action": "delete_vocabulary",
                                                "vocabulary_id": created["output"]["vocabulary_id"]})
        check_error(status, body, 400, "InvalidParameter")


async def test_the_documented_limits(ctx):
    async with ctx.emulator() as e:
        base = "http://127.0.0.1:%d/api/v1" % e.port

        async def create(prefix="p", vocabulary=VOCAB):
            return await call(base, "k", {"action": "create_vocabulary",
                                          "target_model": "fun-asr-realtime", "prefix": prefix,
                                          "vocabulary": vocabulary})
        for prefix in ("Upper", "with_underscore", "abcdefghij", ""):
            check_error(*await create(prefix=prefix), 400, "InvalidParameter")
        for bad in ([], [{"text": "x", "weight": 0}], [{"text": "x", "weight": 6}],
                    [{"text": "", "weight": 4}], [{"text": "一二三四五六七八九十一二三四五六", "weight": 4}],
                    [{"text": "a b c d e f g h", "weight": 4}],
                    [{"text": "w%d" % i, "weight": 4} for i in range(501)]):
            check_error(*await create(vocabulary=bad), 400, "InvalidParameter")
        status, _ = await create(vocabulary=[{"text": "w%d" % i, "weight": 4} for i in range(500)])
        assert status == 200
        for _ in range(9):
            status, body = await create()
            assert status == 200, body
        check_error(*await create(), 400, "InvalidParameter")  # the 11th of the account


@timeout(30)
async def test_the_sdk_over_tls(ctx):
    loop = asyncio.get_running_loop()
    ca, cert, key = await loop.run_in_executor(None, make_tls, ctx.tmp_dir)
    async with ctx.emulator("--tls", cert, key) as e:
        base = "https://localhost:%d/api/v1" % e.port
        status, listed = await call(base, "k", {"action": "list_vocabulary", "page_index": 0,
                                                "page_size": 10},
                                    ssl_ctx=ssl.create_default_context(cafile=ca))
        assert status == 200 and listed["output"]["vocabulary_list"] == [], listed


async def test_hot_terms_follow_the_task_vocabulary(ctx):
    script = ctx.write_script(["Welcome to {hot:DashScope|dash scope} today."])
    async with ctx.emulator("--script", script) as e:
        base = "http://127.0.0.1:%d/api/v1" % e.port
        _, fun = await call(base, "k", {"action": "create_vocabulary",
                                        "target_model": "fun-asr-realtime", "prefix": "f",
                                        "vocabulary": [{"text": "DashScope", "weight": 4}]})
        _, para = await call(base, "k", {"action": "create_vocabulary",
                                         "target_model": "paraformer-realtime-v2", "prefix": "p",
                                         "vocabulary": [{"text": "DashScope", "weight": 4}]})
        heard = []
        for vid in (fun["output"]["vocabulary_id"], para["output"]["vocabulary_id"], None,
                    "vocab-unknown-1"):
            params = {"vocabulary_id": vid} if vid else {}
            d = await Duplex.open(e, key="k")
            await d.start(model="fun-asr-realtime", parameters=params)
            await d.send_audio(audio(("t", 800), ("s", 300)))
            heard.append([s["text"] for s in finals(await d.finish())])
            await d.close()
        expected = [["Welcome to DashScope today."]] + [["Welcome to dash scope today."]] * 3
        assert heard == expected, heard
