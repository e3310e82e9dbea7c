import pytest
from django.core import mail
from django.urls import reverse

from contest.enums import PrizeTier
from results.enums import FeedbackState, ResultState
from results.models import Award, ContestResult, FeedbackComment, ResultEvent
from results.services.feedback import collect_feedback
from results.services.prizes import allocate_prizes, cosign_result, transition_result
from submissions.enums import EntryState
from submissions.services.entries import withdraw_entry
from tests.factories import (
    CoordinatorFactory,
    EntrantFactory,
    HeadJudgeFactory,
    JudgeFactory,
    OrganiserFactory,
)
from tests.factories.results import judged_contest

ONE_EACH = {PrizeTier.FIRST: 1, PrizeTier.SECOND: 1, PrizeTier.THIRD: 1}


@pytest.fixture
def tied(db):
    """Four entries, the middle two tied across the second/third prize boundary."""
    return judged_contest(scores=["9", "8", "8", "7"], prizes=ONE_EACH)


def _url(name, case, *args):
    return reverse(f"results:{name}", args=[case.contest.pk, *args])


def test_organiser_sees_the_tie_decides_it_allocates_and_the_head_judge_cosigns(
    client, tied, immediate_tasks, django_capture_on_commit_callbacks
):
    first, tied_a, tied_b, _last = (e.code for e in tied.entries)
    client.force_login(tied.organiser)
    page = client.get(_url("detail", tied))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-undecided="1"' in html
    assert "Đồng hạng 2 ở ranh giới giải" in html
    # Allocating before the tie is decided is refused, with the reason and a 4xx.
    refused = client.post(_url("allocate", tied))
    assert refused.status_code == 400
    assert "chưa được quyết định" in refused.content.decode()
    assert not Award.objects.exists()

    division = tied.division.pk
    decided = client.post(
        _url("decide_tie", tied),
        {
            "division": division,
            "rank": 2,
            "order": f"{tied_b}, {tied_a}",
            "reason": "Biên bản họp ngày 20/11",
        },
    )
    assert decided.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_url("allocate", tied)).status_code == 302
    result = ContestResult.objects.get(contest=tied.contest)
    assert {a.entry.code: a.tier for a in Award.objects.filter(result=result)} == {
        first: PrizeTier.FIRST,
        tied_b: PrizeTier.SECOND,
        tied_a: PrizeTier.THIRD,
    }
    [invitation] = [m for m in mail.outbox if tied.head_judge.email in m.to]
    assert _url("detail", tied) in invitation.body

    # The organiser cannot co-sign; the head judge can.
    assert client.post(_url("cosign", tied)).status_code == 404
    client.force_login(tied.head_judge)
    page = client.get(_url("detail", tied))
    assert 'id="cosign"' in page.content.decode()
    assert client.post(_url("cosign", tied)).status_code == 302
    result.refresh_from_db()
    assert result.state == ResultState.COSIGNED
    tied.entries[3].refresh_from_db()
    assert tied.entries[3].state == EntryState.NOT_AWARDED


def test_bad_input_answers_4xx_and_keeps_what_was_saved(client, tied):
    client.force_login(tied.organiser)
    division = tied.division.pk
    wrong = client.post(
        _url("decide_tie", tied),
        {
            "division": division,
            "rank": 2,
            "order": tied.entries[0].code,
            "reason": "Nhầm mã",
        },
    )
    assert wrong.status_code == 400
    assert "đủ và đúng" in wrong.content.decode()
    blank = client.post(
        _url("decide_tie", tied),
        {"division": division, "rank": 2},
    )
    assert blank.status_code == 400
    garbage = client.post(_url("decide_tie", tied), {"division": "x", "rank": "<script>"})
    assert garbage.status_code == 400
    no_reason = client.post(
        _url("adjust", tied), {"entry_code": tied.entries[3].code, "tier": PrizeTier.THIRD, "reason": ""}
    )
    assert no_reason.status_code == 400
    assert not ResultEvent.objects.exists()


def test_adjust_and_reopen_through_the_pages(client, db):
    case = judged_contest(scores=["9", "8", "7", "6"], prizes=ONE_EACH)
    allocate_prizes(contest=case.contest, actor=case.organiser)
    client.force_login(case.organiser)
    response = client.post(
        _url("adjust", case),
        {"entry_code": case.entries[3].code, "tier": PrizeTier.COMMENDATION, "reason": "Thêm giải"},
    )
    assert response.status_code == 302
    assert Award.objects.get(entry=case.entries[3]).tier == PrizeTier.COMMENDATION
    unknown = client.post(_url("adjust", case), {"entry_code": "KMM-KHONG-CO", "tier": "", "reason": "x"})
    assert unknown.status_code == 400
    result = ContestResult.objects.get(contest=case.contest)
    cosign_result(result=result, actor=case.head_judge)
    frozen = client.post(
        _url("adjust", case), {"entry_code": case.entries[3].code, "tier": "", "reason": "Sau khi khoá"}
    )
    assert frozen.status_code == 409
    assert Award.objects.get(entry=case.entries[3]).tier == PrizeTier.COMMENDATION
    assert client.post(_url("reopen", case), {"reason": ""}).status_code == 400
    assert client.post(_url("reopen", case), {"reason": "Sai sót"}).status_code == 302
    result.refresh_from_db()
    assert result.state == ResultState.DRAFT


def test_reallocation_through_the_page(client, db):
    case = judged_contest(scores=["9", "8", "7", "6", "5", "4"])
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    cosign_result(result=result, actor=case.head_judge)
    award = Award.objects.get(entry=case.entries[0])
    withdraw_entry(entry=case.entries[0], actor=case.entries[0].lead_entrant)
    client.force_login(case.organiser)
    page = client.get(_url("detail", case)).content.decode()
    assert f'data-award="{award.pk}"' in page
    assert case.entries[5].code in page
    response = client.post(
        _url("reallocate", case, award.pk), {"entry_code": case.entries[5].code, "reason": "Quyết định số 12"}
    )
    assert response.status_code == 302
    assert Award.objects.get(entry=case.entries[5]).tier == PrizeTier.FIRST


def test_every_id_is_checked(client, db):
    case = judged_contest(scores=["9", "8"])
    other = judged_contest(scores=["7", "6"], comments={0: ["Bài tốt."]})
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    other_result = allocate_prizes(contest=other.contest, actor=other.organiser)
    cosign_result(result=other_result, actor=other.head_judge)
    withdraw_entry(entry=other.entries[0], actor=other.entries[0].lead_entrant)
    other_award = Award.objects.get(entry=other.entries[0])
    collect_feedback(result=other_result, actor=other.organiser)
    other_comment = FeedbackComment.objects.get(result=other_result)

    client.force_login(case.organiser)
    # Another contest's award or comment through this contest's URL is a 404.
    assert client.post(_url("reallocate", case, other_award.pk), {"reason": "x"}).status_code == 404
    assert client.post(_url("review_comment", case, other_comment.pk), {"text": "x"}).status_code == 404
    assert client.get(reverse("results:detail", args=[999999])).status_code == 404

    # The other contest's head judge, a judge of the panel, a pupil and a teacher see nothing of it.
    outsiders = [other.head_judge, case.judges[0], JudgeFactory(), EntrantFactory(), CoordinatorFactory()]
    for outsider in outsiders:
        client.force_login(outsider)
        for name in ("detail", "feedback"):
            assert client.get(_url(name, case)).status_code == 404, (outsider.role, name)
        assert client.post(_url("cosign", case)).status_code == 404
    # The deciding head judge sees the result but none of the organiser's actions.
    client.force_login(case.head_judge)
    assert client.get(_url("detail", case)).status_code == 200
    assert client.get(_url("feedback", case)).status_code == 404
    for name in ("allocate", "adjust", "reopen", "decide_tie", "collect", "release", "show_scores"):
        assert client.post(_url(name, case), {"reason": "x"}).status_code == 404, name
    assert client.post(_url("reallocate", case, other_award.pk), {"reason": "x"}).status_code == 404
    result.refresh_from_db()
    assert result.state == ResultState.DRAFT

    client.logout()
    assert client.get(_url("detail", case)).status_code == 302


def test_home_lists_what_each_may_see(client, db):
    case = judged_contest(scores=["9", "8"])
    other = judged_contest(scores=["7"])
    client.force_login(case.organiser)
    html = client.get(reverse("results:home")).content.decode()
    assert f'data-contest="{case.contest.pk}"' in html
    assert f'data-contest="{other.contest.pk}"' in html
    client.force_login(case.head_judge)
    html = client.get(reverse("results:home")).content.decode()
    assert f'data-contest="{case.contest.pk}"' in html
    assert f'data-contest="{other.contest.pk}"' not in html
    client.force_login(EntrantFactory())
    assert client.get(reverse("results:home")).status_code == 404


def test_list_pages_keep_their_query_counts(client, db, django_assert_max_num_queries):
    """The same number of queries for a small contest as for a bigger one, and for one contest as for two."""
    small = judged_contest(scores=["9", "8"], comments={0: ["Hay."]}, judges=1)
    organiser = OrganiserFactory()
    client.force_login(organiser)
    result = allocate_prizes(contest=small.contest, actor=small.organiser)
    collect_feedback(result=result, actor=small.organiser)
    with django_assert_max_num_queries(30) as home:
        assert client.get(reverse("results:home")).status_code == 200
    with django_assert_max_num_queries(60) as detail:
        assert client.get(_url("detail", small)).status_code == 200
    with django_assert_max_num_queries(40) as feedback:
        assert client.get(_url("feedback", small)).status_code == 200

    big = judged_contest(
        scores=["9", "8", "8", "7", "6", "5", "4"], comments={i: ["Hay.", "Tốt."] for i in range(7)}
    )
    result = ContestResult.objects.create(contest=big.contest)
    collect_feedback(result=result, actor=big.organiser)
    with django_assert_max_num_queries(len(home.captured_queries)):
        assert client.get(reverse("results:home")).status_code == 200
    with django_assert_max_num_queries(len(detail.captured_queries)):
        assert client.get(_url("detail", big)).status_code == 200
    with django_assert_max_num_queries(len(feedback.captured_queries)):
        assert client.get(_url("feedback", big)).status_code == 200


def test_release_is_refused_before_publication(client, db):
    case = judged_contest(scores=["9"], comments={0: ["Hay."]})
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    collect_feedback(result=result, actor=case.organiser)
    client.force_login(case.organiser)
    response = client.post(_url("release", case))
    assert response.status_code == 409
    assert "sau khi kết quả đã công bố" in response.content.decode()
    cosign_result(result=result, actor=case.head_judge)
    transition_result(result=result, to_state=ResultState.PUBLISHED, actor=case.organiser)
    comment = FeedbackComment.objects.get(result=result)
    pending = client.post(_url("release", case))
    assert pending.status_code == 400
    response = client.post(
        _url("review_comment", case, comment.pk),
        {"text": "Bài hay, em cố gắng thêm!", "decision": "approved"},
    )
    assert response.status_code == 400  # an edit needs a reason
    response = client.post(
        _url("review_comment", case, comment.pk),
        {
            "text": "Bài hay, em cố gắng thêm!",
            "decision": "approved",
            "reason": "Lời nhẹ nhàng hơn",
        },
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.state == FeedbackState.APPROVED
    assert client.post(_url("release", case)).status_code == 302
    result.refresh_from_db()
    assert result.feedback_released
    assert client.post(_url("show_scores", case), {"show_scores": "on"}).status_code == 302
    result.refresh_from_db()
    assert result.show_scores


def test_other_head_judge_of_another_panel_cannot_cosign(client, db):
    case = judged_contest(scores=["9"])
    allocate_prizes(contest=case.contest, actor=case.organiser)
    client.force_login(HeadJudgeFactory())
    assert client.post(_url("cosign", case)).status_code == 404
