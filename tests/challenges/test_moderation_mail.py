"""The author hears of the moderation decision by e-mail, after commit: the wall link when approved, the
reason when rejected; nothing is sent when the decision is rolled back."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from challenges.enums import ClipState
from challenges.services.moderation import approve_clip, reject_clip
from tests.challenges.conftest import consent
from tests.factories.clips import ClipFactory

pytestmark = pytest.mark.django_db


def test_approval_mails_the_wall_link(
    challenge, student, organiser, immediate_tasks, django_capture_on_commit_callbacks
):
    consent(student, guardian=False)
    clip = ClipFactory(challenge=challenge, author=student, state=ClipState.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        approve_clip(clip=clip, actor=organiser)
    (letter,) = mail.outbox
    assert letter.to == [student.email]
    assert letter.subject == "Clip của bạn đã được duyệt"
    assert "Trần Minh Anh" in letter.body
    assert challenge.title in letter.body
    assert reverse("challenges:detail", args=[challenge.slug]) in letter.body
    assert "đang hiện trên trang thử thách" in letter.body


def test_approval_without_consent_to_show_says_when_it_will_show(
    challenge, pupil, organiser, immediate_tasks, django_capture_on_commit_callbacks
):
    clip = ClipFactory(challenge=challenge, author=pupil, state=ClipState.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        approve_clip(clip=clip, actor=organiser)
    (letter,) = mail.outbox
    assert "khi có đủ sự đồng ý" in letter.body


def test_rejection_mails_the_reason(
    challenge, pupil, organiser, immediate_tasks, django_capture_on_commit_callbacks
):
    clip = ClipFactory(challenge=challenge, author=pupil, state=ClipState.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        reject_clip(clip=clip, actor=organiser, reason="Clip có biển số xe và tên trường của em.")
    (letter,) = mail.outbox
    assert letter.to == [pupil.email]
    assert letter.subject == "Clip của bạn chưa được duyệt"
    assert "Clip có biển số xe và tên trường của em." in letter.body
    assert reverse("challenges:send", args=[challenge.slug]) in letter.body


def test_nothing_is_sent_before_commit_or_when_rolled_back(
    challenge, pupil, organiser, immediate_tasks, django_capture_on_commit_callbacks
):
    clip = ClipFactory(challenge=challenge, author=pupil, state=ClipState.PENDING)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        approve_clip(clip=clip, actor=organiser)
    assert mail.outbox == []
    assert callbacks  # the mail waits for the commit

    other = ClipFactory(challenge=challenge, author=pupil, state=ClipState.PENDING)

    def decided_then_failed():
        with transaction.atomic():
            reject_clip(clip=other, actor=organiser, reason="Âm thanh có tên người khác.")
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        decided_then_failed()
    assert mail.outbox == []


def test_erased_author_gets_no_mail(
    challenge, pupil, organiser, immediate_tasks, django_capture_on_commit_callbacks
):
    clip = ClipFactory(challenge=challenge, author=pupil, state=ClipState.PENDING)
    pupil.is_active = False
    pupil.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        reject_clip(clip=clip, actor=organiser, reason="Clip quá tối.")
    assert mail.outbox == []
