"""The move of consent, guardian links and safeguarding from submissions to privacy keeps every row of a
database made by main's schema (submissions.0001 without privacy)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import ContestFactory, EntrantFactory, OrganiserFactory

# Unapplying privacy also unapplies submissions.0002, which depends on it: main's schema.
MAIN_TARGETS = [("privacy", None)]
MAIN_STATE = [("submissions", "0001_initial")]


def _migrate(targets, state):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(state).apps


@pytest.mark.django_db(transaction=True)
def test_migrations_from_main_keep_consents_guardians_and_flags():
    child = EntrantFactory(full_name="Ngô Bảo Ngọc")
    organiser = OrganiserFactory()
    contest = ContestFactory()
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(MAIN_TARGETS, MAIN_STATE)
        Entry = old.get_model("submissions", "Entry")
        entry = Entry.objects.create(
            contest_id=contest.pk, lead_entrant_id=child.pk, code="KMM-MIG-0001", title="Không một mình"
        )
        now = timezone.now()
        request = old.get_model("submissions", "GuardianConsentRequest").objects.create(
            entrant_id=child.pk, guardian_email="me.ngoc@example.vn", expires_at=now + timedelta(days=14)
        )
        Consent = old.get_model("submissions", "Consent")
        common = {
            "subject_id": child.pk,
            "purpose": "participation",
            "text_version": "2025.1",
            "given_at": now,
        }
        Consent.objects.create(
            giver="entrant", method="account", text_shown="Đồng ý cho em tham gia", **common
        )
        Consent.objects.create(
            giver="guardian",
            method="guardian_link",
            guardian_request_id=request.pk,
            guardian_email="me.ngoc@example.vn",
            text_shown="Đồng ý cho em tham gia",
            **common,
        )
        flag = old.get_model("submissions", "SafeguardingFlag").objects.create(
            entry_id=entry.pk,
            category="self_harm",
            summary="Bài có đoạn nói về tự gây hại.",
            raised_by_id=organiser.pk,
        )
        old.get_model("submissions", "SafeguardingNote").objects.create(
            flag_id=flag.pk, text="Đã gọi cho nhà trường."
        )

        new = _migrate(leaves, leaves)
        consents = new.get_model("privacy", "Consent").objects.filter(subject_id=child.pk)
        assert consents.count() == 2
        guardian = consents.get(giver="guardian")
        assert guardian.guardian_request_id == request.pk
        assert guardian.guardian_reached_by == "email_link"
        assert consents.get(giver="entrant").guardian_reached_by == ""
        assert (
            new.get_model("privacy", "GuardianConsentRequest").objects.get(pk=request.pk).entrant_id
            == child.pk
        )
        moved = new.get_model("privacy", "SafeguardingFlag").objects.get(pk=flag.pk)
        assert moved.subject_id == child.pk
        assert moved.about_id == entry.pk
        ContentType = new.get_model("contenttypes", "ContentType")
        assert ContentType.objects.get(pk=moved.about_type_id).model == "entry"
        assert (
            new.get_model("privacy", "SafeguardingNote").objects.get(flag_id=flag.pk).text
            == "Đã gọi cho nhà trường."
        )
    finally:
        MigrationExecutor(connection).migrate(leaves)
