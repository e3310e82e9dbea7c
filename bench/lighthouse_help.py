"""Lighthouse (mobile profile, default slow-4G throttling) on the help pages; prints performance and
accessibility, which issue 16 wants at ≥ 95 and 100.

It serves the embedded default (SQLite under bench/out/lighthouse-help-var) with runserver and measures
/tro-giup/ (the three steps), /tro-giup/kiem-tra/ (the code check) and /en/tro-giup/. The help pages read
nothing from the database, so no demo data is needed.

Uses the Lighthouse installed by `npm ci` in bench/lighthouse (LIGHTHOUSE overrides the path) and Debian's
Chromium (CHROME_PATH, default /usr/bin/chromium). --runs N reports the median of N runs.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = Path(
    os.environ.get("LIGHTHOUSE", ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse")
)
VAR_DIR = ROOT / "bench" / "out" / "lighthouse-help-var"
PAGES = ["/tro-giup/", "/tro-giup/kiem-tra/", "/en/tro-giup/"]
CATEGORIES = ["performance", "accessibility"]
TARGETS = {"performance": 95, "accessibility": 100}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _lighthouse(url: str) -> dict:
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
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
        for attempt in range(3):  # a busy machine sometimes loses the trace: measure again
            if subprocess.run(command, check=attempt == 2, env=env, timeout=300).returncode == 0:
                break
        data = json.loads(report.read_text())
    scores = {name: round((data["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    failed = [
        ref["id"]
        for ref in data["categories"]["accessibility"]["auditRefs"]
        if ref["weight"] and data["audits"][ref["id"]]["score"] not in (1, None)
    ]
    return {**scores, "failed": failed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="measure each page this many times (median)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `npm ci` in bench/lighthouse (or set LIGHTHOUSE)")
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "VAR_DIR": str(VAR_DIR)}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + PAGES[0], timeout=2)  # noqa: S310 - our own local server
                break
            except OSError:
                time.sleep(0.3)
        rows = []
        for path in PAGES:
            results = [_lighthouse(base + path) for _ in range(args.runs)]
            result = {name: statistics.median_low(r[name] for r in results) for name in CATEGORIES}
            rows.append((path, result, sorted({a for r in results for a in r["failed"]})))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"{'page':<24} {'perf':>5} {'a11y':>5}  target perf ≥ 95, a11y 100")
    for path, result, failed in rows:
        ok = all(result[name] >= TARGETS[name] for name in CATEGORIES)
        print(
            f"{path:<24} {result['performance']:>5} {result['accessibility']:>5}  {'ok' if ok else 'BELOW'} {', '.join(failed)}"
        )


if __name__ == "__main__":
    main()
