"""The challenges' forms tried with hostile text (tests/security/test_form_input.py)."""

from django.urls import reverse

from challenges import forms as cf
from challenges.enums import ClipState
from tests.security.cases import Case

NO_TYPED_TEXT = {"WithdrawClipForm"}


def _setup(world):
    from tests.factories.clips import ChallengeFactory, ClipFactory

    if "clip" not in world:
        challenge = ChallengeFactory(title="Thử thách “Hỏi trước khi đăng”", slug="hoi-truoc-khi-dang")
        world["clip"] = ClipFactory(challenge=challenge, author=world["pupil"], state=ClipState.PENDING)


def cases() -> dict[str, Case]:
    return {
        "clip details": Case(
            cf.ClipDetailsForm,
            "pupil",
            lambda w: reverse("challenges:clip", args=[w["clip"].pk]),
            lambda w: {"caption": "Clip của em về mật khẩu mạnh.", "wants_credit": "on"},
            ["caption"],
            setup=_setup,
        ),
        "clip rejection": Case(
            cf.RejectClipForm,
            "organiser",
            lambda w: reverse("challenges_reject", args=[w["clip"].pk]),
            lambda w: {"reason": "Clip có biển số xe."},
            ["reason"],
            multiline={"reason"},
            setup=_setup,
        ),
    }
