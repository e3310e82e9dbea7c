"""The "Việc cần làm" checklist: one selector and one include on the entry page, the receipt, the receipt
e-mail and "Bài dự thi của tôi"; a submitted entry without consent never reads as done."""

import pytest
from django.core import mail
from django.urls import reverse

from cms.demo import load_demo
from privacy.enums import ConsentGiver, ConsentMethod
from privacy.models import GuardianConsentRequest
from submissions.enums import EntryState
from submissions.selectors.checklist import StepState, entry_checklist
from submissions.selectors.entries import entries_for_my_page
from submissions.services.entries import send_receipt, submit_entry, update_entry, withdraw_entry
from submissions.services.lifecycle import transition_entry
from tests.factories import DivisionFactory, EntrantFactory, OrganiserFactory
from tests.factories.entries import draft_entry, essay_contest
from tests.factories.privacy import ConsentFactory, give_full_consent

pytestmark = pytest.mark.django_db

ESSAY = (
    "Khi một người lạ trên mạng hứa tặng quà và bảo em giữ bí mật, em dừng lại, không gửi ảnh và kể ngay "
    "với mẹ. Niềm tin số được xây từ những điều nhỏ."
)


def adult():
    return EntrantFactory(date_of_birth=EntrantFactory.build().date_of_birth.replace(year=2005))


def typed_entry(entrant, *, submit=True):
    contest = essay_contest(divisions=[DivisionFactory(min_age=12, max_age=24)])
    entry = draft_entry(contest=contest, entrant=entrant)
    update_entry(entry=entry, actor=entrant, title="Không một mình", statement="", text=ESSAY)
    if submit:
        submit_entry(entry=entry, actor=entrant)
    return entries_for_my_page(user=entrant).get(pk=entry.pk)


def states(checklist):
    return {step.key: step.state for step in checklist.steps}


def test_checklist_submitted_without_consent_cannot_be_judged(
    client, immediate_tasks, django_capture_on_commit_callbacks
):
    pupil = EntrantFactory(full_name="Lê Thị Hoa")
    entry = typed_entry(pupil)
    checklist = entry_checklist(entry=entry, viewer=pupil)
    assert states(checklist)["own_consent"] == StepState.TODO
    assert states(checklist)["submitted"] == StepState.DONE
    assert not checklist.can_be_judged
    assert not checklist.nothing_left
    assert checklist.headline == "Bài đã nộp nhưng chưa thể được chấm cho đến khi có đủ sự đồng ý."
    client.force_login(pupil)
    for url in (reverse("submissions:my_entries"), reverse("submissions:receipt", args=[entry.pk])):
        html = client.get(url).content.decode()
        assert "chưa thể được chấm cho đến khi có đủ sự đồng ý" in html
        assert reverse("privacy:mine") + "#own-consent" in html
        assert "Việc cần làm: Đã nộp" not in html
    with django_capture_on_commit_callbacks(execute=True):
        send_receipt(entry_id=entry.pk)
    body = mail.outbox[-1].body
    assert "Việc cần làm: Bài đã nộp nhưng chưa thể được chấm" in body
    assert "[Cần làm] Sự đồng ý của em" in body
    assert f"/bai-du-thi/{entry.pk}/#checklist-{entry.pk}" in body  # the guardian step links the invitation


def test_checklist_guardian_missing_offers_the_invitation_inline(
    client, django_capture_on_commit_callbacks, immediate_tasks
):
    pupil = EntrantFactory(full_name="Phạm Minh Khôi")
    ConsentFactory(subject=pupil, giver=ConsentGiver.ENTRANT)
    entry = typed_entry(pupil)
    checklist = entry_checklist(entry=entry, viewer=pupil)
    assert states(checklist)["own_consent"] == StepState.DONE
    assert states(checklist)["guardian_consent"] == StepState.TODO
    assert checklist.invite_guardian
    client.force_login(pupil)
    page = reverse("submissions:edit", args=[entry.pk])
    html = client.get(page).content.decode()
    assert f'id="guardian-invite-{entry.pk}"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("submissions:invite_guardian", args=[entry.pk]),
            {"guardian_email": "me.khoi@example.vn", "guardian_name": "Phạm Thu Trang", "next": page},
        )
    assert response.status_code == 302
    assert response["Location"] == page
    assert GuardianConsentRequest.objects.get(entrant=pupil).guardian_email == "me.khoi@example.vn"
    assert mail.outbox[-1].to == ["me.khoi@example.vn"]
    checklist = entry_checklist(entry=entry, viewer=pupil)
    assert states(checklist)["guardian_consent"] == StepState.WAITING
    assert "me.khoi@example.vn" in client.get(page).content.decode()


def test_checklist_invitation_refuses_a_foreign_next_url(client):
    pupil = EntrantFactory()
    entry = typed_entry(pupil)
    client.force_login(pupil)
    response = client.post(
        reverse("submissions:invite_guardian", args=[entry.pk]),
        {"guardian_email": "me@example.vn", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("submissions:edit", args=[entry.pk])


def test_checklist_all_done_once_eligible_with_consent(client):
    student = adult()
    give_full_consent(student, guardian=False)
    entry = typed_entry(student)
    waiting = entry_checklist(entry=entry, viewer=student)
    assert states(waiting) == {
        "files": StepState.DONE,
        "own_consent": StepState.DONE,
        "submitted": StepState.DONE,
        "screening": StepState.WAITING,
    }
    assert waiting.can_be_judged
    transition_entry(entry=entry, to_state=EntryState.ELIGIBLE, actor=OrganiserFactory())
    entry = entries_for_my_page(user=student).get(pk=entry.pk)
    done = entry_checklist(entry=entry, viewer=student)
    assert done.nothing_left
    assert done.headline == "Không còn việc gì cần làm. Ban tổ chức sẽ báo kết quả."
    client.force_login(student)
    assert 'data-nothing-left="true"' in client.get(reverse("submissions:my_entries")).content.decode()


def test_checklist_guardian_given_by_paper_counts_as_done():
    pupil = EntrantFactory()
    ConsentFactory(subject=pupil, giver=ConsentGiver.ENTRANT)
    ConsentFactory(subject=pupil, giver=ConsentGiver.SCHOOL_PAPER, method=ConsentMethod.PAPER)
    checklist = entry_checklist(entry=typed_entry(pupil), viewer=pupil)
    assert states(checklist)["guardian_consent"] == StepState.DONE


def test_checklist_draft_asks_to_submit():
    student = adult()
    give_full_consent(student, guardian=False)
    checklist = entry_checklist(entry=typed_entry(student, submit=False), viewer=student)
    assert states(checklist)["submitted"] == StepState.TODO
    assert checklist.headline == "Còn 1 việc cần làm."


def test_checklist_withdrawn_has_nothing_left(client):
    pupil = EntrantFactory()
    entry = typed_entry(pupil)
    withdraw_entry(entry=entry, actor=pupil, reason="Em muốn làm lại bài khác.")
    entry = entries_for_my_page(user=pupil).get(pk=entry.pk)
    checklist = entry_checklist(entry=entry, viewer=pupil)
    assert (checklist.steps, checklist.nothing_left) == ([], True)
    assert checklist.headline == "Bài đã rút, không có việc gì cần làm."
    client.force_login(pupil)
    assert (
        "Bài đã rút, không có việc gì cần làm."
        in client.get(reverse("submissions:my_entries")).content.decode()
    )


def test_my_entries_checklists_load_in_fixed_queries(client, django_assert_max_num_queries):
    pupil = EntrantFactory()
    client.force_login(pupil)
    typed_entry(pupil)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("submissions:my_entries"))
    for _ in range(3):
        typed_entry(pupil)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("submissions:my_entries"))


def test_my_entries_empty_links_to_the_contests(client):
    load_demo()
    client.force_login(EntrantFactory())
    html = client.get(reverse("submissions:my_entries")).content.decode()
    assert 'href="/cuoc-thi/" id="see-contests"' in html
