"""Lighthouse 12 (mobile profile) over the public pages and the signed-in pages; prints a table of the four scores.

Without --base-url it builds the embedded default (SQLite and files under bench/out/lighthouse-var), loads the
demo, adds what the signed-in pages need (the demo pupil's entry and guardian invitation, an open judging
round for the demo judge) and serves it with runserver, as `make run` does. With --base-url it measures the
public pages of a running server only (it cannot know its pupils' entries).

Performance depends on how busy the machine is; --runs 3 or 5 reports the median, as Lighthouse advises.
The guardian's and the judge's pages say noindex on purpose, so their SEO score lacks "is-crawlable".

Needs `npm ci` in bench/lighthouse (Lighthouse 12.2.3 runs on Node 20) and Chromium (CHROME_PATH, default
/usr/bin/chromium). Signed-in pages get the session cookie through Lighthouse's --extra-headers.
"""

import argparse
import contextlib
import http.cookiejar
import io
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
VAR_DIR = ROOT / "bench" / "out" / "lighthouse-var"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PUBLIC = [
    "/",
    "/cuoc-thi/",
    "/cuoc-thi/video/",
    "/cam-nang/khong-gui-anh-rieng-tu/",
    "/en/",
    "/dang-ky/",
    "/khung-anh/",
]
PASSWORD = "KhongMotMinh@2026"  # noqa: S105 - the published demo password (cms/demo.py)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _prepare() -> dict:
    """Demo data for the signed-in pages; returns their paths and who sees them."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone

    from contest.models import Contest, User
    from judging.enums import RoundState
    from judging.models import Assignment, Criterion, Panel, Round, Rubric
    from judging.services.rounds import transition_round
    from submissions.enums import EntryState
    from submissions.models import Entry
    from submissions.services import consent as consent_services
    from submissions.services.entries import create_entry

    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--quiet-logins", verbosity=0)
    pupil = User.objects.get(email="thisinh@khongmotminh.example")
    judge = User.objects.get(email="giamkhao@khongmotminh.example")
    organiser = User.objects.get(email="bantochuc@khongmotminh.example")
    essay = Contest.objects.get(slug="bai-viet")
    entry = Entry.objects.filter(lead_entrant=pupil, contest=essay).first() or create_entry(
        contest=essay, lead_entrant=pupil, actor=pupil
    )
    invitation = consent_services.request_guardian_consent(
        entrant=pupil, guardian_email="phuhuynh@khongmotminh.example", actor=pupil
    )
    assignment = Assignment.objects.filter(judge=judge).first()
    if assignment is None:
        video = Contest.objects.get(slug="video")
        other = User.objects.filter(role="entrant").exclude(pk=pupil.pk).first() or pupil
        Entry.objects.create(
            contest=video,
            division=video.divisions.first(),
            lead_entrant=other,
            code="KMM-VID-BENCH",
            title="Đừng đi một mình trên mạng",
            state=EntryState.ELIGIBLE,
            consent_complete=True,
            submitted_at=timezone.now(),
            version=1,
        )
        rubric = Rubric.objects.create(name="Thang điểm video")
        for order, (name, weight) in enumerate([("Thông điệp", 50), ("Sáng tạo", 30), ("Kỹ thuật", 20)]):
            Criterion.objects.create(rubric=rubric, sort_order=order, name=name, weight=Decimal(weight))
        panel = Panel.objects.create(
            name="Hội đồng video",
            contest=video,
            head_judge=User.objects.get(email="truongbangiamkhao@khongmotminh.example"),
        )
        panel.judges.set([judge])
        panel.save()
        round_ = Round.objects.create(name="Vòng sơ khảo", panel=panel, rubric=rubric, judges_per_entry=1)
        transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
        assignment = Assignment.objects.get(judge=judge)
    return {
        "thisinh@khongmotminh.example": [
            reverse("submissions:edit", args=[entry.pk]),
            reverse("submissions:my_entries"),
        ],
        "giaovien@khongmotminh.example": [reverse("consent:coordinator")],
        "giamkhao@khongmotminh.example": [reverse("judging:score", args=[assignment.pk])],
        None: [
            reverse("consent:guardian", kwargs={"token": consent_services.guardian_link_token(invitation)})
        ],
    }


def _session_cookie(base: str, email: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/dang-nhap/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD})
    request = urllib.request.Request(  # noqa: S310 - our own local server
        base + "/dang-nhap/", data=data.encode(), headers={"Referer": base + "/"}
    )
    opener.open(request)
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise SystemExit(f"could not sign in as {email}")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def _lighthouse(url: str, cookie: str | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ]
        if cookie:
            command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
        for attempt in range(3):  # a busy machine sometimes loses the trace (NO_NAVSTART): measure again
            done = subprocess.run(command, check=attempt == 2, env=env, timeout=300)
            if done.returncode == 0:
                break
        data = json.loads(report.read_text())
    scores = {name: round((data["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    failed = [
        audit_id
        for name in CATEGORIES
        if name != "performance"
        for ref in data["categories"][name]["auditRefs"]
        if ref["weight"] and (audit_id := ref["id"]) and data["audits"][audit_id]["score"] not in (1, None)
    ]
    return {**scores, "failed": failed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--base-url", help="measure this running server's public pages instead of starting one"
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="measure each page this many times and report the median"
    )
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `npm ci` in bench/lighthouse")

    pages: list[tuple[str, str | None]] = [(path, None) for path in PUBLIC]
    server = None
    if args.base_url:
        base = args.base_url.rstrip("/")
        signed_in = {}
    else:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        os.environ["VAR_DIR"] = str(VAR_DIR)
        with contextlib.redirect_stdout(io.StringIO()):  # the demo's console e-mail to the guardian
            signed_in = _prepare()
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=2)  # noqa: S310 - our own local server
                break
            except OSError:
                time.sleep(0.3)
    try:
        for email, paths in signed_in.items():
            cookie = _session_cookie(base, email) if email else None
            pages += [(path, cookie) for path in paths]
        rows = []
        for path, cookie in pages:
            results = [_lighthouse(base + path, cookie) for _ in range(args.runs)]
            result = {name: statistics.median_low(r[name] for r in results) for name in CATEGORIES}
            result["failed"] = sorted({audit for r in results for audit in r["failed"]})
            rows.append((path if len(path) < 48 else path[:45] + "…", cookie is not None, result))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)

    print(f"{'page':<50} {'signed in':<9} {'perf':>5} {'a11y':>5} {'bp':>5} {'seo':>5}  not passed")
    for path, signed, result in rows:
        scores = " ".join(f"{result[name]:>5}" for name in CATEGORIES)
        print(f"{path:<50} {'yes' if signed else '':<9} {scores}  {', '.join(result['failed'])}")


if __name__ == "__main__":
    main()
