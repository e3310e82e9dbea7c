"""The results forms tried with hostile text (tests/security/test_form_input.py)."""

from django.urls import reverse

from contest.enums import PrizeTier
from results.models import Award, FeedbackComment
from results.services.feedback import collect_feedback
from results.services.prizes import allocate_prizes, decide_tie
from tests.security.cases import Case

NO_TYPED_TEXT = {"ShowScoresForm"}


def _setup(world):
    """A judged contest with a decided boundary tie, its prizes allocated and its feedback collected."""
    if "results_case" in world:
        return
    from tests.factories.results import judged_contest

    case = judged_contest(
        scores=["9", "8", "8", "7"],
        prizes={PrizeTier.FIRST: 1, PrizeTier.SECOND: 1, PrizeTier.THIRD: 1},
        comments={0: ["Ý tưởng rất hay."]},
        judges=1,
    )
    codes = [e.code for e in case.entries]
    decide_tie(
        contest=case.contest,
        division=case.division,
        rank=2,
        order=[codes[1], codes[2]],
        share=False,
        actor=case.organiser,
        reason="Biên bản họp",
    )
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    collect_feedback(result=result, actor=case.organiser)
    world["results_case"] = case
    world["results_award"] = Award.objects.filter(result=result).first()
    world["results_comment"] = FeedbackComment.objects.get(result=result)


def _url(name, extra=lambda w: []):
    return lambda w: reverse(f"results:{name}", args=[w["results_case"].contest.pk, *extra(w)])


def _tie_data(w):
    case = w["results_case"]
    return {
        "division": case.division.pk,
        "rank": 2,
        "order": ", ".join(e.code for e in case.entries[1:3]),
        "reason": "Biên bản họp ban giám khảo",
    }


def cases() -> dict[str, Case]:
    from results import forms

    return {
        "results tie decision": Case(
            forms.TieDecisionForm,
            "organiser",
            _url("decide_tie", lambda w: []),
            _tie_data,
            ["order", "reason"],
            setup=_setup,
            refused=frozenset({400}),
        ),
        "results adjust": Case(
            forms.AdjustAwardForm,
            "organiser",
            _url("adjust", lambda w: []),
            lambda w: {
                "entry_code": w["results_case"].entries[3].code,
                "tier": PrizeTier.THIRD,
                "reason": "Ban tổ chức thêm giải",
            },
            ["entry_code", "reason"],
            setup=_setup,
            refused=frozenset({400}),
        ),
        "results reopen": Case(
            forms.ReopenForm,
            "organiser",
            _url("reopen", lambda w: []),
            lambda w: {"reason": "Phát hiện sai sót"},
            ["reason"],
            setup=_setup,
            refused=frozenset({400}),
        ),
        "results reallocate": Case(
            forms.ReallocateForm,
            "organiser",
            _url("reallocate", lambda w: [w["results_award"].pk]),
            lambda w: {"entry_code": w["results_case"].entries[3].code, "reason": "Quyết định số 12"},
            ["entry_code", "reason"],
            setup=_setup,
            refused=frozenset({400}),
        ),
        "results feedback review": Case(
            forms.FeedbackReviewForm,
            "organiser",
            _url("review_comment", lambda w: [w["results_comment"].pk]),
            lambda w: {
                "text": "Ý tưởng rất hay, em cố gắng thêm.",
                "decision": "approved",
                "reason": "Lời nhẹ nhàng hơn",
            },
            ["text", "reason"],
            multiline={"text"},
            setup=_setup,
            refused=frozenset({400}),
        ),
    }
