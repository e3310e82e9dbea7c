import time

import pytest
from django.core.files.storage import storages

from cms.demo import load_demo
from cms.frontend_cache import RecordingBackend
from contest.enums import PrizeTier
from privacy.enums import ConsentPurpose
from privacy.services.consent import record_guardian_decision, set_own_consents
from results.enums import PurgeState
from results.models import PublicEntry, PublicFile, PurgeRequest
from results.services.takedown import retry_due_purges
from submissions.enums import EntryState
from submissions.services.lifecycle import transition_entry
from tests.factories import ContestFactory, EntrantFactory
from tests.factories.privacy import GuardianRequestFactory
from tests.factories.publication import (
    awarded_entry,
    contest_page,
    cosigned_result,
    live_results,
    ready_image_asset,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]

RESULTS_URL = "/cuoc-thi/ve-tranh/ket-qua/"
GALLERY_URL = "/cuoc-thi/ve-tranh/thu-vien-tac-pham/"


@pytest.fixture
def recording_cdn(settings):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "cms.frontend_cache.RecordingBackend"}}
    RecordingBackend.reset()
    yield RecordingBackend.purged
    RecordingBackend.reset()


@pytest.fixture
def live(django_capture_on_commit_callbacks, recording_cdn):
    load_demo()
    contest = ContestFactory(
        title="Tranh vẽ “Không một mình”", title_en="Drawing “Not Alone”", slug="ve-tranh", code="VTR"
    )
    contest_page(contest)
    result = cosigned_result(contest)
    hanh = EntrantFactory(full_name="Trần Thị Hạnh")
    first = awarded_entry(
        result=result, tier=PrizeTier.FIRST, position=1, entrant=hanh, title="Bạn ơi, đừng sợ"
    )
    second = awarded_entry(result=result, tier=PrizeTier.SECOND, position=2, title="Tin nhắn lạ lúc nửa đêm")
    for entry in (first, second):
        ready_image_asset(entry)
    live_results(result, capture=django_capture_on_commit_callbacks)
    recording_cdn.clear()
    return result, first, second


def public_state(entry):
    public = PublicEntry.objects.filter(entry=entry).first()
    keys = (
        list(PublicFile.objects.filter(public_entry=public).values_list("key", flat=True)) if public else []
    )
    return public, keys


def test_guardian_withdrawing_display_takes_the_work_down_everywhere_within_a_minute(
    live, client, recording_cdn, django_capture_on_commit_callbacks
):
    _result, first, second = live
    public, keys = public_state(first)
    assert public is not None
    assert keys
    entry_url = f"/ket-qua/bai/{public.key}/"
    assert client.get(entry_url).status_code == 200
    assert "Bạn ơi, đừng sợ" in client.get(RESULTS_URL).content.decode()
    file_urls = [storages["default"].url(key) for key in keys]
    assert client.get(file_urls[0]).status_code == 200

    request = GuardianRequestFactory(entrant=first.lead_entrant)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        record_guardian_decision(
            request=request, purposes=[ConsentPurpose.PARTICIPATION, ConsentPurpose.DISPLAY_IDENTITY]
        )
    assert time.monotonic() - started < 60

    for url in (RESULTS_URL, GALLERY_URL, "/en" + RESULTS_URL, "/thu-vien-tac-pham/"):
        body = client.get(url).content.decode()
        assert "Bạn ơi, đừng sợ" not in body, url
        assert "Hạnh" not in body, url
        assert public.key not in body, url
    assert "Tin nhắn lạ lúc nửa đêm" in client.get(RESULTS_URL).content.decode()
    assert client.get(entry_url).status_code == 404
    for url in file_urls:
        assert client.get(url).status_code == 404
    assert not any(storages["default"].exists(key) for key in keys)
    assert public_state(first) == (None, [])
    assert public_state(second)[1]

    purge = PurgeRequest.objects.get()
    assert purge.state == PurgeState.DONE
    assert any(url.endswith(RESULTS_URL) for url in recording_cdn)
    assert any(url.endswith(entry_url) for url in recording_cdn)
    assert any(url.endswith("/en" + entry_url) for url in recording_cdn)
    assert any(url.endswith(file_urls[0]) for url in recording_cdn)


def test_a_failed_purge_is_retried_and_the_page_is_already_correct(
    live, client, settings, recording_cdn, django_capture_on_commit_callbacks
):
    _result, first, _second = live
    public, _keys = public_state(first)
    # A CDN that does not answer: nothing listens on this port.
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "cms.frontend_cache.HTTPPurgeBackend",
            "LOCATION": "http://127.0.0.1:9",
            "TIMEOUT": 2,
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        set_own_consents(
            entrant=first.lead_entrant,
            purposes=[ConsentPurpose.PARTICIPATION, ConsentPurpose.DISPLAY_IDENTITY],
            actor=first.lead_entrant,
        )
    purge = PurgeRequest.objects.get()
    assert purge.state == PurgeState.PENDING
    assert purge.attempts == 1
    assert purge.last_error
    assert client.get(f"/ket-qua/bai/{public.key}/").status_code == 404
    assert "Bạn ơi, đừng sợ" not in client.get(RESULTS_URL).content.decode()

    # Not due yet: nothing is tried.
    assert retry_due_purges() == 0
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "cms.frontend_cache.RecordingBackend"}}
    assert retry_due_purges(now=purge.next_attempt_at) == 1
    purge.refresh_from_db()
    assert purge.state == PurgeState.DONE
    assert purge.attempts == 2
    assert sorted(set(recording_cdn)) == purge.urls
    # Done once: a later sweep sends nothing again.
    assert retry_due_purges(now=purge.next_attempt_at) == 0


def test_withdrawing_only_the_name_keeps_the_work_with_initials(
    live, client, recording_cdn, django_capture_on_commit_callbacks
):
    _result, first, _second = live
    assert "Trần Thị Hạnh" in client.get(RESULTS_URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        set_own_consents(
            entrant=first.lead_entrant,
            purposes=[ConsentPurpose.PARTICIPATION, ConsentPurpose.DISPLAY_WORK],
            actor=first.lead_entrant,
        )
    body = client.get(RESULTS_URL).content.decode()
    assert "Bạn ơi, đừng sợ" in body
    assert "Trần Thị Hạnh" not in body
    assert public_state(first)[1]
    assert any(url.endswith(RESULTS_URL) for url in recording_cdn)


def test_a_winner_withdrawn_after_awarding_is_taken_down(
    live, client, recording_cdn, django_capture_on_commit_callbacks
):
    _result, first, _second = live
    public, keys = public_state(first)
    with django_capture_on_commit_callbacks(execute=True):
        transition_entry(entry=first, to_state=EntryState.WITHDRAWN, actor=first.lead_entrant)
    assert client.get(f"/ket-qua/bai/{public.key}/").status_code == 404
    assert "Bạn ơi, đừng sợ" not in client.get(RESULTS_URL).content.decode()
    assert not any(storages["default"].exists(key) for key in keys)
    assert any(url.endswith(RESULTS_URL) for url in recording_cdn)


def test_consent_change_of_someone_without_an_award_enqueues_nothing(
    live, recording_cdn, django_capture_on_commit_callbacks
):
    other = EntrantFactory()
    with django_capture_on_commit_callbacks(execute=True):
        set_own_consents(entrant=other, purposes=[ConsentPurpose.PARTICIPATION], actor=other)
    assert PurgeRequest.objects.count() == 0
    assert recording_cdn == []
