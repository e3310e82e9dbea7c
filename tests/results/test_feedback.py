import pytest
from django.urls import reverse

from contest.enums import PrizeTier
from contest.errors import DomainError, InvalidTransition, NotAllowed
from judging.models import ScoreSheet
from results.enums import FeedbackState, ResultAction, ResultState
from results.models import FeedbackComment, ResultEvent
from results.selectors.feedback import entry_outcome
from results.services.feedback import collect_feedback, release_feedback, review_feedback
from results.services.prizes import allocate_prizes, cosign_result, set_show_scores, transition_result
from submissions.enums import MembershipState
from submissions.models import TeamMember
from tests.factories import CoordinatorFactory, EntrantFactory, SchoolFactory
from tests.factories.results import judged_contest

# Judges write their names or their order into comments now and then; the page must not add any of its own.
COMMENTS = {
    0: ["Ý tưởng rất rõ ràng, thông điệp mạnh.", "Âm thanh còn nhỏ, em nên chỉnh lại."],
    1: ["Bài làm cẩn thận.", "Cần thêm ví dụ về lừa đảo qua mạng."],
}


@pytest.fixture
def case(db):
    return judged_contest(scores=["9", "7", "5"], comments=COMMENTS, prizes={PrizeTier.FIRST: 1})


def _publish(case):
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    cosign_result(result=result, actor=case.head_judge)
    return transition_result(result=result, to_state=ResultState.PUBLISHED, actor=case.organiser)


def test_collect_is_idempotent_and_copies_only_comments_to_the_entrant(case):
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    assert collect_feedback(result=result, actor=case.organiser) == 4
    assert collect_feedback(result=result, actor=case.organiser) == 0
    texts = set(FeedbackComment.objects.values_list("text", flat=True))
    assert texts == {t for words in COMMENTS.values() for t in words}
    assert "Ghi chú riêng cho Ban tổ chức." not in texts
    assert all(c.state == FeedbackState.PENDING for c in FeedbackComment.objects.all())
    with pytest.raises(NotAllowed):
        collect_feedback(result=result, actor=case.head_judge)


def test_review_edit_and_hold_are_audited(case):
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    collect_feedback(result=result, actor=case.organiser)
    by_text = {c.original: c for c in FeedbackComment.objects.all()}
    comments = [by_text[COMMENTS[0][0]], by_text[COMMENTS[0][1]]]
    with pytest.raises(DomainError, match="lý do"):
        review_feedback(comment=comments[0], actor=case.organiser, state=FeedbackState.HELD)
    with pytest.raises(DomainError, match="lý do"):
        review_feedback(comment=comments[0], actor=case.organiser, state=FeedbackState.APPROVED, text="Khác")
    with pytest.raises(DomainError, match="trống"):
        review_feedback(
            comment=comments[0], actor=case.organiser, state=FeedbackState.APPROVED, text="  ", reason="x"
        )
    with pytest.raises(NotAllowed):
        review_feedback(comment=comments[0], actor=case.judges[0], state=FeedbackState.APPROVED)
    review_feedback(
        comment=comments[1],
        actor=case.organiser,
        state=FeedbackState.APPROVED,
        text="Âm thanh còn nhỏ; em thử tăng âm lượng nhé.",
        reason="Lời khuyên cụ thể hơn",
    )
    review_feedback(comment=comments[0], actor=case.organiser, state=FeedbackState.HELD, reason="Trùng ý")
    edited = ResultEvent.objects.get(action=ResultAction.FEEDBACK_EDITED)
    assert edited.data["before"]["text"] == "Âm thanh còn nhỏ, em nên chỉnh lại."
    assert edited.reason == "Lời khuyên cụ thể hơn"
    assert ResultEvent.objects.get(action=ResultAction.FEEDBACK_HELD).reason == "Trùng ý"
    comments[1].refresh_from_db()
    assert comments[1].edited
    # A reviewed comment is not overwritten when the sheets are collected again.
    collect_feedback(result=result, actor=case.organiser)
    comments[1].refresh_from_db()
    assert comments[1].text == "Âm thanh còn nhỏ; em thử tăng âm lượng nhé."


def test_release_only_after_publication_and_review(case):
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    collect_feedback(result=result, actor=case.organiser)
    with pytest.raises(InvalidTransition):
        release_feedback(result=result, actor=case.organiser)
    cosign_result(result=result, actor=case.head_judge)
    transition_result(result=result, to_state=ResultState.PUBLISHED, actor=case.organiser)
    with pytest.raises(DomainError, match="chưa duyệt"):
        release_feedback(result=result, actor=case.organiser)
    for comment in FeedbackComment.objects.all():
        review_feedback(comment=comment, actor=case.organiser, state=FeedbackState.APPROVED)
    release_feedback(result=result, actor=case.organiser)
    result.refresh_from_db()
    assert result.feedback_released
    with pytest.raises(InvalidTransition):
        release_feedback(result=result, actor=case.organiser)


def test_the_entrant_sees_prize_comments_and_means_never_who_wrote_them(client, case):
    result = _publish(case)
    collect_feedback(result=result, actor=case.organiser)
    held = FeedbackComment.objects.get(text=COMMENTS[0][1])
    for comment in FeedbackComment.objects.exclude(pk=held.pk):
        review_feedback(comment=comment, actor=case.organiser, state=FeedbackState.APPROVED)
    review_feedback(comment=held, actor=case.organiser, state=FeedbackState.HELD, reason="Quá chi tiết")
    winner = case.entries[0]
    client.force_login(winner.lead_entrant)
    url = reverse("submissions:edit", args=[winner.pk])

    page = client.get(url).content.decode()
    assert 'id="entry-outcome"' in page
    assert "Giải Nhất" in page
    assert COMMENTS[0][0] not in page  # not released yet

    release_feedback(result=result, actor=case.organiser)
    page = client.get(url).content.decode()
    assert COMMENTS[0][0] in page
    assert COMMENTS[0][1] not in page  # held
    assert "Điểm trung bình theo tiêu chí" not in page
    for judge in [*case.judges, case.head_judge]:
        assert judge.full_name not in page
        assert judge.email not in page
    sheet_ids = ScoreSheet.objects.filter(assignment__entry=winner).values_list("pk", flat=True)
    for sheet_id in sheet_ids:
        assert f'data-sheet="{sheet_id}"' not in page

    set_show_scores(result=result, show_scores=True, actor=case.organiser)
    outcome = entry_outcome(entry=winner)
    assert [s.name for s in outcome.scores] == ["Thông điệp", "Sáng tạo", "Kỹ thuật"]
    assert all(str(s.mean) == "9.00" for s in outcome.scores)
    page = client.get(url).content.decode()
    assert "Điểm trung bình theo tiêu chí" in page
    for judge in case.judges:
        assert judge.full_name not in page


def test_comments_come_sorted_by_their_words_not_by_judge(case):
    result = _publish(case)
    collect_feedback(result=result, actor=case.organiser)
    for comment in FeedbackComment.objects.all():
        review_feedback(comment=comment, actor=case.organiser, state=FeedbackState.APPROVED)
    release_feedback(result=result, actor=case.organiser)
    outcome = entry_outcome(entry=case.entries[1])
    assert outcome.comments == sorted(COMMENTS[1])
    assert outcome.award is None


def test_a_team_member_sees_the_outcome_another_pupil_does_not(client, case):
    _publish(case)
    winner = case.entries[0]
    member = EntrantFactory()
    TeamMember.objects.create(entry=winner, user=member, state=MembershipState.ACCEPTED)
    client.force_login(member)
    page = client.get(reverse("submissions:edit", args=[winner.pk]))
    assert page.status_code == 200
    assert "Giải Nhất" in page.content.decode()
    client.force_login(EntrantFactory())
    assert client.get(reverse("submissions:edit", args=[winner.pk])).status_code == 404


def test_nothing_shows_before_publication(client, case):
    result = allocate_prizes(contest=case.contest, actor=case.organiser)
    cosign_result(result=result, actor=case.head_judge)
    client.force_login(case.entries[0].lead_entrant)
    page = client.get(reverse("submissions:edit", args=[case.entries[0].pk])).content.decode()
    assert 'id="entry-outcome"' not in page


def test_the_coordinator_sees_only_their_own_school(client, case):
    school = SchoolFactory(name="THCS Nguyễn Du")
    other_school = SchoolFactory(name="THCS Lê Lợi")
    ours, theirs = case.entries[0], case.entries[1]
    ours.lead_entrant.school = school
    ours.lead_entrant.save()
    theirs.lead_entrant.school = other_school
    theirs.lead_entrant.save()
    coordinator = CoordinatorFactory(school=school)
    client.force_login(coordinator)
    dashboard = reverse("consent:coordinator")

    page = client.get(dashboard).content.decode()
    assert 'id="school-results"' in page
    assert f'data-entry="{ours.code}"' in page
    assert "Chưa có kết quả nào được công bố." in page  # not published yet: no row in the results table

    result = _publish(case)
    page = client.get(dashboard).content.decode()
    section = page[
        page.index('id="school-results"') : page.index("</section>", page.index('id="school-results"'))
    ]
    assert ours.code in section
    assert "Giải Nhất" in section
    assert theirs.code not in section
    assert theirs.lead_entrant.full_name not in section
    assert "Chưa gửi" in section
    collect_feedback(result=result, actor=case.organiser)
    for comment in FeedbackComment.objects.all():
        review_feedback(comment=comment, actor=case.organiser, state=FeedbackState.APPROVED)
    release_feedback(result=result, actor=case.organiser)
    page = client.get(dashboard).content.decode()
    section = page[page.index('id="school-results"') :]
    assert "Đã gửi 2 nhận xét" in section
