"""Locust users for the deadline rush (bench/load/run.py starts them headless and prints the table).

Every user sends the requests its real page sends, at the pace a person works (the think times below say
where each figure comes from); nothing polls that the real pages do not poll.

- Entrants open the "enter" page, read it, enter (a double click: two requests with one idempotency key), land
  on their entry page, type a title and a statement (the page autosaves 1.2 s after typing stops, upload.js),
  pick their video and upload it as upload.js does (start, presigned parts in batches of 10 straight to the
  bucket on production or chunks to us on the embedded default, complete, then the page reloads), submit
  (clicked twice), read the receipt, later look at "my entries" once or twice to see their video processed,
  and leave. The entry page does not poll the processing state: it shows it when loaded; upload.js only asks
  GET /tai-len/<id>/ to resume after a dropped connection, which a rush on loopback does not see.
- Judges open a sheet, watch the entry, then score criterion by criterion and type comments; sheet.js
  autosaves 0.5 s after each change (one save in flight at a time).
- Visitors read the campaign's public pages, one page every 5-30 s.
Accounts, sessions and the judging round are made beforehand by run.py and handed over in the file named by
LOAD_WORLD."""

import hashlib
import json
import os
import re
import uuid
from itertools import count

from locust import HttpUser, between, events, task
from locust.exception import StopUser

WORLD = json.loads(open(os.environ["LOAD_WORLD"]).read())  # noqa: SIM115 (read once at import)
VIDEO = open(WORLD["video"], "rb").read()  # noqa: SIM115
CSRF = "c" * 32
_entrant_seq = count()
_judge_seq = count()
VERSION = re.compile(r'name="version" value="(\d+)"')
UPLOADED = {"bytes": 0}
PRESIGN_BATCH = 10  # upload.js asks for the URLs of at most 10 parts at a time


def _signed_in(user, session_key: str) -> None:
    user.client.cookies.set("sessionid", session_key)
    user.client.cookies.set("csrftoken", CSRF)
    user.client.headers["X-CSRFToken"] = CSRF
    user.client.headers["Referer"] = user.host + "/"


class Entrant(HttpUser):
    """One pupil at the deadline: the whole journey once, then gone (a pupil does not keep reloading)."""

    fixed_count = int(os.environ.get("LOAD_ENTRANTS", "200"))
    wait_time = between(0, 0)  # the journey's own think times below pace it

    def on_start(self):
        index = next(_entrant_seq)
        self.session_key = WORLD["entrants"][index % len(WORLD["entrants"])]
        self.done = index >= len(WORLD["entrants"])
        _signed_in(self, self.session_key)

    def think(self, low: float, high: float) -> None:
        self._sleep(between(low, high)(self))

    def _sleep(self, seconds: float) -> None:
        import gevent

        gevent.sleep(seconds)

    @task
    def enter_upload_submit(self):
        if self.done:
            raise StopUser
        self.done = True
        key = str(uuid.uuid4())
        url = f"/bai-du-thi/du-thi/{WORLD['contest']}/"
        self.client.get(url, name="enter page")
        self.think(3, 15)  # reads the contest's format rules, clicks "Dự thi"
        first = self.client.post(url, data={"idempotency_key": key}, allow_redirects=False, name="enter")
        self.client.post(url, data={"idempotency_key": key}, allow_redirects=False, name="enter (twin click)")
        if first.status_code != 302:
            raise StopUser
        entry = first.headers["Location"].rstrip("/").split("/")[-1]
        page = f"/bai-du-thi/{entry}/"
        self.client.get(page, name="entry page")  # the browser follows the redirect
        # Title, then a statement of a few sentences: a pupil types 2-3 characters a second and pauses to
        # think; each pause longer than 1.2 s sends the whole form (upload.js draft autosave).
        typed = [
            "Phim ngắn của em",
            "Phim ngắn của em. Em kể về lần bạn giúp em",
            "Em kể về lần bạn giúp em khi bị bắt nạt.",
        ]
        for n, text in enumerate(typed):
            self.think(5, 15)
            self.client.post(
                f"/bai-du-thi/{entry}/tu-luu/",
                data={
                    "csrfmiddlewaretoken": CSRF,
                    "title": typed[0],
                    "statement": text if n else "",
                    "text": "",
                },
                name="entry autosave",
            )
        self.think(3, 10)  # finds the video in the file picker
        started = self.client.post(
            f"/bai-du-thi/{entry}/tai-len/",
            data={"name": "phim-du-thi.mp4", "size": len(VIDEO), "client_key": str(uuid.uuid4())},
            name="upload start",
        )
        if started.status_code != 200:
            raise StopUser
        info = started.json()
        upload, chunk = info["id"], info["chunk_size"]
        digests = b""
        if info["backend"] == "s3":
            # Production: the parts go straight to the bucket through presigned URLs, as upload.js sends them.
            numbers = list(range(1, info["part_count"] + 1))
            for batch in range(0, len(numbers), PRESIGN_BATCH):
                todo = numbers[batch : batch + PRESIGN_BATCH]
                signed = self.client.post(
                    f"/tai-len/{upload}/ky-duong-dan/",
                    data={"parts": ",".join(map(str, todo))},
                    name="presign",
                )
                if signed.status_code != 200:
                    raise StopUser
                for part in signed.json()["parts"]:
                    body = VIDEO[(part["number"] - 1) * chunk : part["number"] * chunk]
                    digests += hashlib.sha256(body).digest()
                    stored = self.client.put(part["url"], data=body, name="S3 part (presigned)")
                    if stored.status_code != 200:
                        raise StopUser
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
                    raise StopUser
                UPLOADED["bytes"] += len(part)
        self.client.post(
            f"/tai-len/{upload}/hoan-tat/",
            data={"checksum": hashlib.sha256(digests).hexdigest()},
            name="upload complete",
        )
        self.client.get(page, name="entry page")  # upload.js reloads the page when every file is done
        self.think(3, 10)  # reads the checklist, clicks "Nộp bài"
        submit = f"/bai-du-thi/{entry}/nop/"
        self.client.post(submit, allow_redirects=False, name="submit")
        self.client.post(submit, allow_redirects=False, name="submit (twin click)")
        self.client.get(f"/bai-du-thi/{entry}/bien-nhan/", name="receipt")  # the redirect, followed
        for _ in range(2):  # comes back later to see the video processed
            self.think(20, 60)
            self.client.get("/bai-du-thi/", name="my entries")
        raise StopUser


class Judge(HttpUser):
    """A judge at work: each sheet is opened, the entry watched, then scored criterion by criterion."""

    fixed_count = int(os.environ.get("LOAD_JUDGES", "30"))
    wait_time = between(2, 5)  # from one sheet to the next (the queue, the next entry's link)

    def on_start(self):
        judge = WORLD["judges"][next(_judge_seq) % len(WORLD["judges"])]
        _signed_in(self, judge["session"])
        self.assignments = judge["assignments"]
        self.criteria = WORLD["criteria"]
        self.turn = 0

    @task
    def score_with_autosave(self):
        import gevent

        assignment = self.assignments[self.turn % len(self.assignments)]
        self.turn += 1
        page = self.client.get(f"/cham-thi/bai/{assignment}/", name="sheet")
        found = VERSION.search(page.text)
        version = found.group(1) if found else "0"
        gevent.sleep(between(10, 30)(self))  # watches the video (short entries; real ones take minutes)
        scores = {f"c_{pk}": "" for pk in self.criteria}
        comment = ""
        # One change per criterion, then the comment typed in two bursts: each change is saved 0.5 s later.
        changes = [("score", pk) for pk in self.criteria] + [
            ("comment", "Em làm tốt lắm."),
            ("comment", " Cố lên!"),
        ]
        for kind, value in changes:
            gevent.sleep(between(3, 10)(self))
            if kind == "score":
                scores[f"c_{value}"] = "7"
            else:
                comment += value
            data = scores | {"version": version, "comment_organisers": "", "comment_entrant": comment}
            saved = self.client.post(
                f"/cham-thi/bai/{assignment}/luu/",
                data=data,
                headers={"X-Requested-With": "fetch"},
                name="autosave",
            )
            if saved.status_code == 200:
                version = str(saved.json()["version"])


class Visitor(HttpUser):
    """Someone reading the campaign's pages: one page, read for a while, the next."""

    weight = 1
    wait_time = between(5, 30)

    def on_start(self):
        self.turn = 0

    @task
    def read(self):
        pages = WORLD["public_pages"]
        self.client.get(pages[self.turn % len(pages)], name="public page")
        self.turn += 1


@events.quitting.add_listener
def _report_bytes(environment, **kwargs):
    path = os.environ.get("LOAD_UPLOADED")
    if path:
        with open(path, "w") as out:
            out.write(str(UPLOADED["bytes"]))
