"""Backups that restore (issue 15): seed a campaign — pages, an entry of every kind processed by the real
pipeline, consents, a submitted score sheet —, back it up, wipe the database and every file, restore, and
compare every row count, every file checksum and a sample of pages; on PostgreSQL with S3 in-process, and on
the embedded default (SQLite, files on disk) in child processes started as an operator would."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from operations.backup import inventory, wipe_everything
from tests.operations.drill import sample_pages, seed_campaign

ROOT = Path(settings.BASE_DIR)
pytestmark = pytest.mark.slow


@pytest.mark.django_db(transaction=True)
def test_restore_drill_postgresql_and_s3_gives_back_every_row_file_and_page(tmp_path, s3_storages):
    seed_campaign(tmp_path / "seed")
    pages = sample_pages()  # signing in writes sessions: before the inventory
    before = inventory()
    assert before["rows"]["submissions.Entry"] >= 8
    assert sum(1 for name in before["files"] if name.startswith("private/")) >= 8
    assert len(pages) >= 5
    assert {url: status for url, (status, _) in pages.items() if status != 200} == {}

    call_command("backup", to=str(tmp_path / "backup"))
    wipe_everything()
    assert s3_storages["client"].list_objects_v2(Bucket=s3_storages["private"])["KeyCount"] == 0
    call_command("restore", source=str(tmp_path / "backup"), yes=True)

    after = inventory()
    assert after["rows"] == before["rows"]
    assert after["files"] == before["files"]
    assert sample_pages() == pages


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_with_a_changed_file_and_touches_nothing(tmp_path):
    seed_campaign(tmp_path / "seed")
    call_command("backup", to=str(tmp_path / "backup"))
    before = inventory()
    victim = next((tmp_path / "backup" / "files").rglob("*.jpg"), None) or next(
        p for p in (tmp_path / "backup" / "files").rglob("*") if p.is_file()
    )
    victim.write_bytes(victim.read_bytes()[:-1] + b"\x00")
    with pytest.raises(CommandError, match="checksum differs"):
        call_command("restore", source=str(tmp_path / "backup"), yes=True)
    assert inventory() == before


def test_backup_into_a_folder_that_is_not_empty_is_refused(tmp_path, db):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", to=str(tmp_path))


def _manage(env, *args, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if check and result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


INVENTORY = "import json; from operations.backup import inventory; print('JSON' + json.dumps(inventory()))"
PAGES = (
    "import json; from tests.operations.drill import sample_pages; "
    "print('JSON' + json.dumps({u: [s, b.decode()] for u, (s, b) in sample_pages().items()}))"
)


def _json(env, code: str) -> dict:
    out = _manage(env, "shell", "-c", code).stdout
    return json.loads(out[out.index("JSON") + len("JSON") :])


def test_restore_drill_embedded_default_gives_back_every_row_file_and_page(tmp_path):
    var = tmp_path / "var"
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DATABASE_URL", "S3_", "TASKS_", "REDIS_"))
        },
        "VAR_DIR": str(var),
        "MEDIA_ROOT": str(var / "media"),
        "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
        "TASKS_BACKEND": "dummy",
        "DJANGO_DEBUG": "0",
    }
    _manage(env, "migrate", "--noinput", "-v0")
    seed = f"from pathlib import Path; from tests.operations.drill import seed_campaign; seed_campaign(Path({str(tmp_path / 'seed')!r}))"
    _manage(env, "shell", "-c", seed)
    pages = _json(env, PAGES)  # first: a page may note that it was seen
    before = _json(env, INVENTORY)
    assert before["rows"]["submissions.Entry"] >= 8
    assert any(name.startswith("private/") for name in before["files"])
    assert {url: status for url, (status, _) in pages.items() if status != 200} == {}

    _manage(env, "backup", "--to", str(tmp_path / "backup"))
    (var / "db.sqlite3").unlink()
    for suffix in ("-wal", "-shm"):
        (var / f"db.sqlite3{suffix}").unlink(missing_ok=True)
    subprocess.run(["rm", "-rf", str(var / "media")], check=True)
    _manage(env, "restore", "--from", str(tmp_path / "backup"), "--yes")

    assert _json(env, INVENTORY) == before
    assert _json(env, PAGES) == pages
