# ruff: noqa: B023 (each lambda is called at once, inside its loop turn)
"""Run inside `manage.py shell` of a target (after prepare.py wrote LOAD_WORLD): each step of the rush once per
entrant through Django's test client, with its wall time, CPU time and query count; PROFILE_STEP=<name> also
prints a cProfile of that step (cumulative, top 40). Figures are per request, on one thread, nothing else running:
they say where the time of one request goes, not how the site behaves under load (run.py says that)."""

import cProfile
import faulthandler
import hashlib
import json
import os
import pstats
import re
import time
import uuid
from collections import defaultdict

import requests
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

world = json.load(open(os.environ["LOAD_WORLD"]))  # noqa: SIM115
video = open(world["video"], "rb").read()  # noqa: SIM115
host = os.environ.get("PROFILE_HOST", "127.0.0.1")
only = os.environ.get("PROFILE_STEP", "")
rounds = int(os.environ.get("PROFILE_ROUNDS", "5"))
figures = defaultdict(list)


def client_for(session_key):
    client = Client(HTTP_HOST=host)
    client.cookies["sessionid"] = session_key
    return client


def step(name, call):
    faulthandler.dump_traceback_later(60, exit=True)  # a step that hangs says where
    profiler = cProfile.Profile() if name == only else None
    started, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        if profiler:
            profiler.enable()
        response = call()
        if profiler:
            profiler.disable()
    figures[name].append(
        ((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000, len(queries))
    )
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    if os.environ.get("PROFILE_SQL") == name:
        for query in queries.captured_queries:
            print(query["sql"][:300])
    return response


for index in range(rounds):
    client = client_for(world["entrants"][index])
    enter = f"/bai-du-thi/du-thi/{world['contest']}/"
    step("enter page", lambda: client.get(enter))
    key = str(uuid.uuid4())
    first = step("enter", lambda: client.post(enter, {"idempotency_key": key}))
    step("enter (twin click)", lambda: client.post(enter, {"idempotency_key": key}))
    entry = first["Location"].rstrip("/").split("/")[-1]
    step("entry page", lambda: client.get(f"/bai-du-thi/{entry}/"))
    form = {"title": "Phim của em", "statement": "Em kể về một lần được bạn giúp.", "text": ""}
    step("entry autosave", lambda: client.post(f"/bai-du-thi/{entry}/tu-luu/", form))
    started = step(
        "upload start",
        lambda: client.post(
            f"/bai-du-thi/{entry}/tai-len/",
            {"name": "phim-du-thi.mp4", "size": len(video), "client_key": str(uuid.uuid4())},
        ),
    ).json()
    upload, chunk = started["id"], started["chunk_size"]
    digests = b""
    if started["backend"] == "s3":
        numbers = ",".join(str(n) for n in range(1, started["part_count"] + 1))
        signed = step("presign", lambda: client.post(f"/tai-len/{upload}/ky-duong-dan/", {"parts": numbers}))
        for part in signed.json()["parts"]:
            body = video[(part["number"] - 1) * chunk : part["number"] * chunk]
            digests += hashlib.sha256(body).digest()
            requests.put(part["url"], data=body, timeout=60).raise_for_status()
    else:
        for offset in range(0, len(video), chunk):
            body = video[offset : offset + chunk]
            digests += hashlib.sha256(body).digest()
            step(
                "upload chunk",
                lambda body=body, offset=offset: client.put(
                    f"/tai-len/{upload}/?offset={offset}", body, content_type="application/octet-stream"
                ),
            )
    step(
        "upload complete",
        lambda: client.post(
            f"/tai-len/{upload}/hoan-tat/", {"checksum": hashlib.sha256(digests).hexdigest()}
        ),
    )
    step("entry page (after upload)", lambda: client.get(f"/bai-du-thi/{entry}/"))
    step("submit", lambda: client.post(f"/bai-du-thi/{entry}/nop/"))
    step("submit (twin click)", lambda: client.post(f"/bai-du-thi/{entry}/nop/"))
    step("receipt", lambda: client.get(f"/bai-du-thi/{entry}/bien-nhan/"))
    step("my entries", lambda: client.get("/bai-du-thi/"))

for index in range(min(rounds, len(world["judges"]))):
    judge = world["judges"][index]
    client = client_for(judge["session"])
    assignment = judge["assignments"][0]
    page = step("sheet", lambda: client.get(f"/cham-thi/bai/{assignment}/"))

    found = re.search(r'name="version" value="(\d+)"', page.content.decode())
    version = found.group(1) if found else "0"
    for n in range(3):
        data = {f"c_{pk}": str(5 + n) for pk in world["criteria"]}
        data |= {"version": version, "comment_organisers": "", "comment_entrant": "Em làm tốt lắm."}
        saved = step(
            "autosave",
            lambda data=data: client.post(
                f"/cham-thi/bai/{assignment}/luu/", data, HTTP_X_REQUESTED_WITH="fetch"
            ),
        )
        if saved.status_code == 200:
            version = str(saved.json()["version"])

visitor = Client(HTTP_HOST=host)
for _ in range(rounds):
    for url in world["public_pages"]:
        step("public page", lambda url=url: visitor.get(url))

print(f"{'step':28s} {'n':>3s} {'wall ms':>8s} {'cpu ms':>8s} {'queries':>8s}")
for name, rows in figures.items():
    rows = rows[1:] or rows  # the first of each warms caches and imports
    print(
        f"{name:28s} {len(rows):3d} {sum(r[0] for r in rows) / len(rows):8.1f} "
        f"{sum(r[1] for r in rows) / len(rows):8.1f} {sum(r[2] for r in rows) / len(rows):8.1f}"
    )
