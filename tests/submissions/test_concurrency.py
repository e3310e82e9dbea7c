"""Double submission (two clicks, two tabs, a retried request) makes exactly one of everything: locks,
idempotency keys and constraints in PostgreSQL, exercised from real concurrent connections."""

import hashlib
import os
import threading
import uuid

import pytest
from django.db import connection

from submissions.models import Entry, EntryEvent, MediaAsset
from submissions.services.entries import create_entry, submit_entry
from submissions.services.uploads import complete_upload, composite_sha256, receive_chunk, start_upload
from tests.factories import EntrantFactory
from tests.factories.entries import essay_contest, video_contest

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(target, count):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(target())
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_create_entry_same_key_concurrently_makes_one_entry():
    contest = video_contest(entries_per_entrant=5)
    entrant = EntrantFactory()
    key = uuid.uuid4()
    results, errors = run_together(
        lambda: create_entry(contest=contest, lead_entrant=entrant, actor=entrant, idempotency_key=key), 6
    )
    assert errors == []
    assert len({entry.pk for entry in results}) == 1
    assert Entry.objects.count() == 1


def test_create_entry_many_entrants_concurrently_get_distinct_codes():
    contest = video_contest()
    entrants = [EntrantFactory() for _ in range(8)]
    iterator = iter(entrants)
    lock = threading.Lock()

    def one():
        with lock:
            entrant = next(iterator)
        return create_entry(contest=contest, lead_entrant=entrant, actor=entrant)

    results, errors = run_together(one, 8)
    assert errors == []
    codes = sorted(entry.code for entry in results)
    assert len(set(codes)) == 8
    assert codes[-1].endswith("-0008")


def test_create_entry_limit_holds_under_concurrency():
    contest = video_contest(entries_per_entrant=1)
    entrant = EntrantFactory()
    results, errors = run_together(
        lambda: create_entry(contest=contest, lead_entrant=entrant, actor=entrant), 5
    )
    assert len(results) == 1
    assert len(errors) == 4
    assert Entry.objects.count() == 1


def test_submit_entry_two_clicks_concurrently_is_one_version():
    entrant = EntrantFactory()
    entry = create_entry(
        contest=essay_contest(), lead_entrant=entrant, actor=entrant, text="một hai ba bốn năm"
    )
    _results, errors = run_together(
        lambda: submit_entry(entry=Entry.objects.get(pk=entry.pk), actor=entrant), 5
    )
    assert errors == []
    entry.refresh_from_db()
    assert entry.version == 1
    assert EntryEvent.objects.filter(entry=entry).count() == 1


def test_complete_upload_twice_concurrently_is_one_asset(settings):
    import io

    settings.UPLOAD_CHUNK_BYTES = 64 * 1024
    entrant = EntrantFactory()
    entry = create_entry(contest=video_contest(), lead_entrant=entrant, actor=entrant)
    data = os.urandom(100_000)
    session = start_upload(
        entry=entry, actor=entrant, original_name="phim.mp4", size=len(data), client_key=uuid.uuid4()
    )
    for offset in range(0, len(data), session.chunk_size):
        piece = data[offset : offset + session.chunk_size]
        session = receive_chunk(
            session=session, actor=entrant, offset=offset, stream=io.BytesIO(piece), length=len(piece)
        )
    checksum = composite_sha256(data, chunk_size=session.chunk_size)
    results, errors = run_together(
        lambda: complete_upload(session=session, actor=entrant, checksum=checksum), 4
    )
    assert errors == []
    assert len({asset.pk for asset in results}) == 1
    assert MediaAsset.objects.count() == 1
    assert MediaAsset.objects.get().sha256 == hashlib.sha256(data).hexdigest()
