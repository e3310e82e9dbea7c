from django.urls import reverse

from privacy.registry import registry
from results.enums import FeedbackState, ResultState
from results.models import Award, FeedbackComment
from results.personal_data import erase_feedback, export_awards, export_feedback
from results.services.feedback import collect_feedback, review_feedback
from results.services.prizes import allocate_prizes, cosign_result, transition_result
from tests.factories.results import judged_contest


def test_a_pupil_gets_their_prize_and_comments_in_their_export_and_loses_the_comments_on_erasure(db):
    case = judged_contest(scores=["9", "7"], comments={0: ["Thông điệp rõ ràng."]}, judges=1)
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    cosign_result(result=result, actor=case.head_judge)
    transition_result(result=result, to_state=ResultState.PUBLISHED, actor=case.organiser)
    collect_feedback(result=result, actor=case.organiser)
    review_feedback(comment=FeedbackComment.objects.get(), actor=case.organiser, state=FeedbackState.APPROVED)
    pupil = case.entries[0].lead_entrant
    assert export_awards(user=pupil) == [
        {
            "entry": case.entries[0].code,
            "division": case.division.name,
            "tier": "first",
            "rank": 1,
            "result_state": "published",
        }
    ]
    assert [c["text"] for c in export_feedback(user=pupil)] == ["Thông điệp rõ ràng."]
    assert export_feedback(user=case.entries[1].lead_entrant) == []
    assert erase_feedback(user=pupil, actor=case.organiser, reason="Yêu cầu xoá dữ liệu") == 1
    assert not FeedbackComment.objects.exists()
    assert Award.objects.filter(entry=case.entries[0]).exists()
    assert registry.is_declared(Award)


def test_the_admin_menu_leads_organisers_to_the_results(client, db):
    case = judged_contest(scores=["9"], judges=1)
    client.force_login(case.organiser)
    assert reverse("results:home") in client.get("/admin/").content.decode()
