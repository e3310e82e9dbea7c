"""A signer's data: exported with their other data, erased with their account (and taken off the
counts); the campaign report's figures."""

import pytest

from pledges.enums import CountScope
from pledges.models import Pledge, PledgeCount, PledgeEvent
from privacy.services.data_rights import delete_personal_data, personal_data
from reports.registry import compute_figures
from tests.factories import CampaignFactory, EntrantFactory
from tests.factories.pledges import sign

pytestmark = pytest.mark.django_db


def test_a_signers_pledge_is_exported(pupil, organiser):
    sign(pupil, message="Em hứa kể với mẹ – Lan-ơi", show_name=True, approve_by=organiser)
    exported = personal_data(user=pupil)["pledges"]
    assert exported[0]["message"] == "Em hứa kể với mẹ – Lan-ơi"
    assert exported[0]["message_state"] == "approved"
    assert exported[0]["school"] == "THCS Nguyễn Du"
    assert len(exported[0]["commitments"]) == 5
    assert [h["to"] for h in exported[0]["history"]] == ["pending", "approved"]


def test_erasing_an_account_removes_the_signature_and_its_counts(pupil, student, school, organiser):
    sign(pupil, message="Lời nhắn của Lan", approve_by=organiser)
    sign(student)
    assert PledgeEvent.objects.count() == 2
    delete_personal_data(user=pupil, actor=organiser, reason="Yêu cầu xoá")
    assert not Pledge.objects.filter(signer=pupil).exists()
    assert PledgeEvent.objects.count() == 0
    assert PledgeCount.objects.get(scope=CountScope.CITY).count == 1
    assert PledgeCount.objects.get(scope=CountScope.SCHOOL, school=school).count == 1
    assert PledgeCount.objects.get(scope=CountScope.WARD, ward=school.ward).count == 1


def test_report_figures(pupil, student, other_school):
    sign(pupil)
    sign(student)
    sign(EntrantFactory(school=other_school))
    figures = {f["key"]: f for f in compute_figures(campaign=CampaignFactory())}
    assert figures["pledges_total"]["value"] == 3
    assert figures["pledges_total"]["section"] == "campaign"
    assert figures["pledges_by_school"]["value"]["rows"][0] == ["THCS Nguyễn Du", "Phường Bến Thành", 2]
    assert ["Phường Sài Gòn", 1] in figures["pledges_by_ward"]["value"]["rows"]
    (day,) = figures["pledges_by_day"]["value"]["rows"]
    assert day[1] == 3
