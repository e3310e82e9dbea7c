"""Hostile text for the certificate forms (tests/security/test_form_input.py): the printed name a pupil
chooses and the reason an organiser gives to revoke."""

from django.urls import reverse

from certificates.forms import PrintedNameForm, RevokeForm
from certificates.services import issue_certificates
from submissions.enums import EntryState
from tests.factories import ContestFactory
from tests.factories.certificates import judged_entry, published_result
from tests.security.cases import Case


def _with_certificate(world):
    if "certificate" in world:
        return
    contest = ContestFactory()
    entry = judged_entry(contest=contest, entrant=world["pupil"], state=EntryState.NOT_AWARDED)
    issue_certificates(result=published_result(contest=contest), actor=None)
    world["certificate"] = entry.certificates.get()


def cases() -> dict[str, Case]:
    return {
        "certificate_printed_name": Case(
            form=PrintedNameForm,
            role="pupil",
            url=lambda w: reverse("certificates:rename", args=[w["certificate"].pk]),
            data=lambda w: {"printed_name": "Thu Hà"},
            fields=["printed_name"],
            refused=frozenset({400}),
            setup=_with_certificate,
        ),
        "certificate_revoke": Case(
            form=RevokeForm,
            role="organiser",
            url=lambda w: reverse("certificates_change_state", args=[w["certificate"].pk]),
            data=lambda w: {"reason": "Bài bị loại sau khi công bố kết quả."},
            fields=["reason"],
            multiline={"reason"},
            refused=frozenset({400}),
            setup=_with_certificate,
        ),
    }
