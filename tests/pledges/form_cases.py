"""The pledge wall's forms tried with hostile text (tests/security/test_form_input.py)."""

from django.core.cache import cache
from django.urls import reverse

from pledges import forms as pf
from tests.security.cases import Case


def _signer(world):
    from tests.factories import EntrantFactory

    if "signer" not in world:
        world["signer"] = EntrantFactory(full_name="Đinh Thị Quỳnh", school=world["pupil"].school)


def _held(world):
    from tests.factories import EntrantFactory
    from tests.factories.pledges import sign

    if "pledge" not in world:
        world["pledge"] = sign(EntrantFactory(full_name="Hà Văn Sơn"), message="Lời nhắn chờ duyệt")


def _commitments(world) -> list[str]:
    from tests.factories.pledges import core_ids

    return [str(pk) for pk in core_ids()]


def cases() -> dict[str, Case]:
    return {
        "pledge": Case(
            pf.PledgeForm,
            "signer",
            lambda w: reverse("pledges:sign"),
            lambda w: {"commitments": _commitments(w), "message": "Cùng nhau an toàn.", "show_name": "on"},
            ["message"],
            multiline={"message"},
            setup=_signer,
            before_each=cache.clear,
        ),
        "pledge message rejection": Case(
            pf.RejectMessageForm,
            "organiser",
            lambda w: reverse("pledges_reject", args=[w["pledge"].pk]),
            lambda w: {"reason": "Lời nhắn có số điện thoại."},
            ["reason"],
            multiline={"reason"},
            setup=_held,
        ),
    }
