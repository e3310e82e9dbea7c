"""The challenges' forms tried with hostile text (tests/security/test_form_input.py)."""

from django.urls import reverse

from challenges import forms as cf
from challenges.enums import ClipState
from privacy import forms as pf
from tests.security.cases import Case

NO_TYPED_TEXT = {"WithdrawClipForm"}


def _setup(world):
    from tests.factories.clips import ChallengeFactory, ClipFactory

    if "clip" not in world:
        challenge = ChallengeFactory(title="Thử thách “Hỏi trước khi đăng”", slug="hoi-truoc-khi-dang")
        world["clip"] = ClipFactory(challenge=challenge, author=world["pupil"], state=ClipState.PENDING)


def _parent_link(world):
    """A guardian's link of its own (the shared world's link is the pupil's, used by other cases)."""
    from tests.factories import EntrantFactory
    from tests.factories.parents import guardian_link

    if "parent_token" not in world:
        child = EntrantFactory(full_name="Võ Thị Ngọc Ánh")
        _, world["parent_token"] = guardian_link(child, email="me.anh@example.vn", name="Võ Thị Hạnh")


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
        "parent account through the guardian link": Case(
            pf.ParentAccountForm,
            "anonymous",
            lambda w: reverse("privacy:guardian_account", args=[w["parent_token"]]),
            lambda w: {
                "full_name": "Võ Thị Hạnh",
                "password1": "Me-cua-Anh-2026!",
                "password2": "Me-cua-Anh-2026!",
            },
            ["full_name", "password1", "password2"],
            setup=_parent_link,
        ),
    }
