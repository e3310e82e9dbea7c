"""Hostile text for the live quiz (tests/security/test_form_input.py): the one typed field is the join code a
phone types. The host's forms take a choice; a phone's answer takes a number and ids."""

from django.urls import reverse

from quiz.live.forms import JoinForm
from tests.security.cases import Case

NO_TYPED_TEXT = {"StartLiveForm", "MoveForm", "LiveAnswerForm"}


def cases() -> dict[str, Case]:
    return {
        "live quiz join code": Case(
            JoinForm,
            "anonymous",
            lambda w: reverse("quizlive:join"),
            lambda w: {"code": "123456"},
            ["code"],
            refused=frozenset({400}),
        ),
    }
