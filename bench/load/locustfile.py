"""Locust users for the deadline rush (bench/load/run.py starts them headless and prints the table).

Entrants enter (a double click: two requests with one idempotency key), upload their video in chunks,
complete, submit (clicked twice) and poll their entry page; judges open a sheet and autosave it while they
type; visitors read the campaign's public pages. Accounts, sessions and the judging round are made
beforehand by run.py and handed over in the file named by LOAD_WORLD."""

import hashlib
import json
import os
import re
import uuid
from itertools import count

from locust import HttpUser, between, events, task

WORLD = json.loads(open(os.environ["LOAD_WORLD"]).read())  # noqa: SIM115 (read once at import)
VIDEO = open(WORLD["video"], "rb").read()  # noqa: SIM115
CSRF = "c" * 32
_entrant_seq = count()
_judge_seq = count()
VERSION = re.compile(r'name="version" value="(\d+)"')
UPLOADED = {"bytes": 0}


def _signed_in(user, session_key: str) -> None:
    user.client.cookies.set("sessionid", session_key)
    user.client.cookies.set("csrftoken", CSRF)
    user.client.headers["X-CSRFToken"] = CSRF
    user.client.headers["Referer"] = user.host + "/"


class Entrant(HttpUser):
    fixed_count = int(os.environ.get("LOAD_ENTRANTS", "200"))
    wait_time = between(0.5, 2)

    def on_start(self):
        index = next(_entrant_seq)
        self.session_key = WORLD["entrants"][index % len(WORLD["entrants"])]
        self.done = index >= len(WORLD["entrants"])
        _signed_in(self, self.session_key)

    @task
    def enter_upload_submit(self):
        if self.done:
            self.client.get("/bai-du-thi/", name="my entries")
            return
        self.done = True
        key = str(uuid.uuid4())
        url = f"/bai-du-thi/du-thi/{WORLD['contest']}/"
        first = self.client.post(url, data={"idempotency_key": key}, allow_redirects=False, name="enter")
        self.client.post(url, data={"idempotency_key": key}, allow_redirects=False, name="enter (twin click)")
        if first.status_code != 302:
            return
        entry = first.headers["Location"].rstrip("/").split("/")[-1]
        started = self.client.post(
            f"/bai-du-thi/{entry}/tai-len/",
            data={"name": "phim-du-thi.mp4", "size": len(VIDEO), "client_key": str(uuid.uuid4())},
            name="upload start",
        )
        if started.status_code != 200:
            return
        info = started.json()
        upload, chunk = info["id"], info["chunk_size"]
        digests = b""
        if info["backend"] == "s3":
            # Production: the parts go straight to the bucket through presigned URLs, as upload.js sends them.
            numbers = ",".join(str(n) for n in range(1, info["part_count"] + 1))
            signed = self.client.post(
                f"/tai-len/{upload}/ky-duong-dan/", data={"parts": numbers}, name="presign"
            )
            if signed.status_code != 200:
                return
            for part in signed.json()["parts"]:
                body = VIDEO[(part["number"] - 1) * chunk : part["number"] * chunk]
                digests += hashlib.sha256(body).digest()
                stored = self.client.put(part["url"], data=body, name="S3 part (presigned)")
                if stored.status_code != 200:
                    return
                UPLOADED["bytes"] += len(body)
        else:
            for offset in range(0, len(VIDEO), chunk):
                part = VIDEO[offset : offset + chunk]
                digests += hashlib.sha256(part).digest()
                response = self.client.put(
                    f"/tai-len/{upload}/?offset={offset}",
                    data=part,
                    headers={"Content-Type": "application/octet-stream"},
                    name="upload chunk",
                )
                if response.status_code != 200:
                    return
                UPLOADED["bytes"] += len(part)
        self.client.post(
            f"/tai-len/{upload}/hoan-tat/",
            data={"checksum": hashlib.sha256(digests).hexdigest()},
            name="upload complete",
        )
        submit = f"/bai-du-thi/{entry}/nop/"
        self.client.post(submit, allow_redirects=False, name="submit")
        self.client.post(submit, allow_redirects=False, name="submit (twin click)")
        for _ in range(2):
            self.client.get(f"/bai-du-thi/{entry}/", name="poll entry")


class Judge(HttpUser):
    fixed_count = int(os.environ.get("LOAD_JUDGES", "30"))
    wait_time = between(1, 3)

    def on_start(self):
        judge = WORLD["judges"][next(_judge_seq) % len(WORLD["judges"])]
        _signed_in(self, judge["session"])
        self.assignments = judge["assignments"]
        self.criteria = WORLD["criteria"]
        self.turn = 0

    @task
    def score_with_autosave(self):
        assignment = self.assignments[self.turn % len(self.assignments)]
        self.turn += 1
        page = self.client.get(f"/cham-thi/bai/{assignment}/", name="sheet")
        found = VERSION.search(page.text)
        version = found.group(1) if found else "0"
        for step in range(3):
            data = {f"c_{pk}": str(5 + step) for pk in self.criteria}
            data |= {"version": version, "comment_organisers": "", "comment_entrant": "Em làm tốt lắm."}
            saved = self.client.post(f"/cham-thi/bai/{assignment}/luu/", data=data, name="autosave")
            if saved.status_code == 200:
                version = str(saved.json()["version"])


class Visitor(HttpUser):
    weight = 1
    wait_time = between(1, 4)

    @task
    def read(self):
        for url in WORLD["public_pages"]:
            self.client.get(url, name="public page")


@events.quitting.add_listener
def _report_bytes(environment, **kwargs):
    path = os.environ.get("LOAD_UPLOADED")
    if path:
        with open(path, "w") as out:
            out.write(str(UPLOADED["bytes"]))
