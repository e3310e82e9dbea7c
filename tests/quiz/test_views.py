"""The pupil's pages over HTTP: who may see what (anonymous, the owner, another pupil, an organiser), the
attacks of the brief (answers scraped from the page, late, repeated and forged answers, two tabs, another
user's attempt), and the leaderboards (names as consent allows, a fixed number of queries)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from privacy.enums import ConsentGiver, ConsentMethod, ConsentPurpose
from quiz.enums import AttemptMode, QuestionKind
from quiz.models import Attempt, AttemptAnswer, Choice, Question, QuizPlayer
from quiz.nicknames import nickname
from quiz.services.attempts import NETWORK_GRACE
from tests.factories import EntrantFactory, OrganiserFactory, SchoolFactory
from tests.factories.parents import ParentFactory
from tests.factories.privacy import ConsentFactory
from tests.factories.quiz import correct_ids, make_question, make_quiz, wrong_ids

pytestmark = pytest.mark.django_db
EXPLANATION = "Giải-thích-bí-mật: ngân hàng không bao giờ hỏi mã OTP."
# What differs between two renders of the same page anyway: the CSRF token, the CSP nonce, the server's clock.
VARYING = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"|data-now="\d+"')


@pytest.fixture
def quiz():
    for _ in range(3):
        make_question(explanation=EXPLANATION)
    make_question(kind=QuestionKind.MULTIPLE, explanation=EXPLANATION)
    return make_quiz(questions=3, seconds=20)


@pytest.fixture
def pupil():
    return EntrantFactory(full_name="Phạm Thu Hà")


def _start(client, quiz, mode=AttemptMode.RANKED):
    return client.post(reverse("quiz:start", args=[quiz.slug]), {"mode": mode})


def _attempt(user) -> Attempt:
    return Attempt.objects.filter(user=user).latest("pk")


def _play(client, attempt):
    return client.get(reverse("quiz:play", args=[attempt.pk]))


def _current(attempt) -> Question:
    attempt.refresh_from_db()
    return Question.objects.get(pk=attempt.question_ids[attempt.position])


def _answer(client, attempt, question_id, choice_ids):
    return client.post(
        reverse("quiz:answer", args=[attempt.pk]), {"question": question_id, "choice": choice_ids}
    )


# --- who may see what ---------------------------------------------------------------------------------


def test_anonymous_sees_the_list_and_the_quiz_but_must_sign_in_to_play(client, quiz):
    assert client.get(reverse("quiz:index")).status_code == 200
    page = client.get(reverse("quiz:detail", args=[quiz.slug]))
    assert "Đăng nhập để chơi" in page.content.decode()
    response = _start(client, quiz)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert not Attempt.objects.exists()
    assert client.get(reverse("quiz:leaderboard", args=[quiz.slug])).status_code == 200


def test_anonymous_is_sent_to_sign_in_from_an_attempt(client, quiz, pupil):
    client.force_login(pupil)
    _start(client, quiz)
    attempt = _attempt(pupil)
    client.logout()
    response = _play(client, attempt)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_another_pupils_attempt_is_404_on_every_page(client, quiz, pupil):
    client.force_login(pupil)
    _start(client, quiz)
    attempt = _attempt(pupil)
    _play(client, attempt)
    question = _current(attempt)
    _answer(client, attempt, question.pk, correct_ids(question))
    client.force_login(EntrantFactory())
    assert _play(client, attempt).status_code == 404
    assert client.get(reverse("quiz:feedback", args=[attempt.pk, 0])).status_code == 404
    assert client.get(reverse("quiz:result", args=[attempt.pk])).status_code == 404
    question = _current(attempt)
    assert _answer(client, attempt, question.pk, correct_ids(question)).status_code == 404
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 1


def test_an_organiser_may_practise_but_not_play_ranked(client, quiz):
    organiser = OrganiserFactory()
    client.force_login(organiser)
    refused = _start(client, quiz)
    assert refused.status_code == 403
    assert "Lượt tính điểm dành cho học sinh, thầy cô và phụ huynh" in refused.content.decode()
    assert _start(client, quiz, AttemptMode.PRACTICE).status_code == 302
    assert _attempt(organiser).mode == AttemptMode.PRACTICE


def test_an_unknown_mode_is_400(client, quiz, pupil):
    client.force_login(pupil)
    assert _start(client, quiz, "xếp-hạng-giả").status_code == 400
    assert not Attempt.objects.exists()


# --- playing ---------------------------------------------------------------------------------------------


def test_a_whole_ranked_attempt_shows_the_explanation_after_each_answer_and_the_result(client, quiz, pupil):
    client.force_login(pupil)
    response = _start(client, quiz)
    attempt = _attempt(pupil)
    assert response["Location"] == reverse("quiz:play", args=[attempt.pk])
    for number in range(1, 4):
        page = _play(client, attempt)
        assert page.status_code == 200
        assert f"Câu {number}/3" in page.content.decode()
        assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
        question = _current(attempt)
        response = _answer(client, attempt, question.pk, correct_ids(question))
        assert response.status_code == 302
        feedback = client.get(response["Location"]).content.decode()
        assert EXPLANATION in feedback
        assert "Chính xác!" in feedback
        assert "Đáp án đúng" in feedback
    assert _play(client, attempt)["Location"] == reverse("quiz:result", args=[attempt.pk])
    result = client.get(reverse("quiz:result", args=[attempt.pk])).content.decode()
    assert "Đúng 3/3 câu." in result
    attempt.refresh_from_db()
    assert attempt.is_finished
    assert 1500 <= attempt.score <= 3000


def test_the_page_of_an_unanswered_question_holds_no_marker_of_the_right_choice(client, quiz, pupil):
    """The same page is rendered twice with the right choice moved to another choice in between: if anything
    in the HTML (attribute, class, JSON, order) told the right choice apart, the two pages would differ."""
    client.force_login(pupil)
    _start(client, quiz)
    attempt = _attempt(pupil)
    first = _play(client, attempt).content.decode()
    question = _current(attempt)
    choices = list(question.choices.all())
    for choice in choices:
        Choice.objects.filter(pk=choice.pk).update(is_correct=not choice.is_correct)
    second = _play(client, attempt).content.decode()
    assert VARYING.sub("", first) == VARYING.sub("", second)
    for marker in (
        EXPLANATION,
        "Đáp án đúng",
        "quiz-choice-right",
        "is_correct",
        "application/json",
        "Chính xác",
    ):
        assert marker not in first
    assert AttemptAnswer.objects.count() == 0


def test_the_explanation_of_an_unanswered_question_is_404(client, quiz, pupil):
    client.force_login(pupil)
    _start(client, quiz)
    attempt = _attempt(pupil)
    _play(client, attempt)
    assert client.get(reverse("quiz:feedback", args=[attempt.pk, 0])).status_code == 404
    assert client.get(reverse("quiz:feedback", args=[attempt.pk, 1])).status_code == 404


def test_an_answer_after_the_clock_ran_out_is_refused_in_vietnamese_and_scores_zero(client, quiz, pupil):
    client.force_login(pupil)
    _start(client, quiz)
    attempt = _attempt(pupil)
    _play(client, attempt)
    past = timezone.now() - timedelta(seconds=21) - NETWORK_GRACE
    Attempt.objects.filter(pk=attempt.pk).update(
        current_served_at=past, current_deadline=past + timedelta(seconds=20)
    )
    question = _current(attempt)
    response = _answer(client, attempt, question.pk, correct_ids(question))
    assert response.status_code == 409
    assert (
        "Hết giờ rồi: câu trả lời đến sau thời hạn nên không được tính (0 điểm)." in response.content.decode()
    )
    answer = AttemptAnswer.objects.get(attempt=attempt)
    assert answer.timed_out
    assert answer.points == 0
    attempt.refresh_from_db()
    assert attempt.score == 0


def test_a_reload_after_the_deadline_shows_the_timed_out_question(client, quiz, pupil):
    client.force_login(pupil)
    _start(client, quiz)
    attempt = _attempt(pupil)
    _play(client, attempt)
    past = timezone.now() - timedelta(minutes=2)
    Attempt.objects.filter(pk=attempt.pk).update(
        current_served_at=past, current_deadline=past + timedelta(seconds=20)
    )
    response = _play(client, attempt)
    assert response["Location"] == reverse("quiz:feedback", args=[attempt.pk, 0])
    page = client.get(response["Location"]).content.decode()
    assert "Hết giờ – 0 điểm" in page
    assert EXPLANATION in page


def test_an_answer_sent_twice_keeps_the_first(client, quiz, pupil):
    client.force_login(pupil)
    _start(client, quiz)
    attempt = _attempt(pupil)
    _play(client, attempt)
    question = _current(attempt)
    assert _answer(client, attempt, question.pk, wrong_ids(question)).status_code == 302
    again = _answer(client, attempt, question.pk, correct_ids(question))
    assert again.status_code == 409
    assert "câu trả lời đầu tiên được giữ nguyên" in again.content.decode()
    answer = AttemptAnswer.objects.get(attempt=attempt, question=question)
    assert not answer.is_correct


def test_a_forged_question_id_is_404(client, quiz, pupil):
    client.force_login(pupil)
    _start(client, quiz)
    attempt = _attempt(pupil)
    _play(client, attempt)
    stranger = make_question()
    assert _answer(client, attempt, stranger.pk, correct_ids(stranger)).status_code == 404
    assert _answer(client, attempt, "12abc", ["1"]).status_code == 404
    assert not AttemptAnswer.objects.exists()


def test_an_answer_without_a_choice_or_with_a_strange_one_is_400(client, quiz, pupil):
    client.force_login(pupil)
    _start(client, quiz)
    attempt = _attempt(pupil)
    _play(client, attempt)
    question = _current(attempt)
    assert _answer(client, attempt, question.pk, []).status_code == 400
    assert _answer(client, attempt, question.pk, ["một-hai"]).status_code == 400
    assert _answer(client, attempt, question.pk, [str(10**17)]).status_code == 400
    assert not AttemptAnswer.objects.exists()


def test_two_tabs_see_the_same_attempt_and_question_and_no_second_ranked_attempt(
    client, quiz, pupil, django_user_model
):
    from django.test import Client

    other_tab = Client()
    client.force_login(pupil)
    other_tab.force_login(pupil)
    _start(client, quiz)
    second = _start(other_tab, quiz)
    attempt = _attempt(pupil)
    assert second["Location"] == reverse("quiz:play", args=[attempt.pk])
    one, two = _play(client, attempt).content.decode(), _play(other_tab, attempt).content.decode()
    deadline = re.compile(r'data-deadline="(\d+)"')
    question = re.compile(r'name="question" value="(\d+)"')
    assert deadline.search(one).group(1) == deadline.search(two).group(1)
    assert question.search(one).group(1) == question.search(two).group(1)
    assert Attempt.objects.filter(user=pupil, mode=AttemptMode.RANKED).count() == 1


def test_after_todays_ranked_attempt_the_quiz_page_offers_practice_only(client, quiz, pupil):
    client.force_login(pupil)
    _start(client, quiz)
    attempt = _attempt(pupil)
    for _ in range(3):
        _play(client, attempt)
        question = _current(attempt)
        _answer(client, attempt, question.pk, correct_ids(question))
    page = client.get(reverse("quiz:detail", args=[quiz.slug])).content.decode()
    assert 'id="ranked-done"' in page
    assert 'id="start-ranked"' not in page
    refused = _start(client, quiz)
    assert refused.status_code == 403
    assert "Hôm nay bạn đã chơi lượt tính điểm rồi" in refused.content.decode()
    assert _start(client, quiz, AttemptMode.PRACTICE).status_code == 302


# --- leaderboards ------------------------------------------------------------------------------------------


def _ranked(user, quiz, score, day=None):
    return Attempt.objects.create(
        quiz=quiz,
        user=user,
        mode=AttemptMode.RANKED,
        local_day=day or timezone.localdate(),
        school=user.school,
        score=score,
        finished_at=timezone.now(),
    )


def test_the_board_shows_nicknames_never_full_names_and_counts_ranked_only(client, quiz):
    school = SchoolFactory(name="THCS Lê Lợi")
    ha = EntrantFactory(full_name="Phạm Thu Hà", school=school, class_name="8A-đặc-biệt")
    nam = EntrantFactory(full_name="Lê Văn Nam", school=school)
    _ranked(ha, quiz, 2500)
    _ranked(ha, quiz, 2900, day=timezone.localdate() - timedelta(days=1))
    _ranked(nam, quiz, 2600)
    Attempt.objects.create(
        quiz=quiz, user=nam, mode=AttemptMode.PRACTICE, local_day=timezone.localdate(), score=9999
    )
    page = client.get(reverse("quiz:school_leaderboard", args=[quiz.slug, school.pk])).content.decode()
    assert nickname(ha.pk) in page
    assert nickname(nam.pk) in page
    assert page.index(nickname(ha.pk)) < page.index(nickname(nam.pk))  # best score per account: 2900
    for secret in ("Phạm Thu Hà", "Lê Văn Nam", "Hà P.", "8A-đặc-biệt", "9999"):
        assert secret not in page
    assert ">2900<" in page


def test_a_school_board_lists_only_that_schools_attempts(client, quiz):
    here, there = SchoolFactory(), SchoolFactory()
    mine, theirs = EntrantFactory(school=here), EntrantFactory(school=there)
    _ranked(mine, quiz, 1000)
    _ranked(theirs, quiz, 2000)
    page = client.get(reverse("quiz:school_leaderboard", args=[quiz.slug, here.pk])).content.decode()
    assert nickname(mine.pk) in page
    assert nickname(theirs.pk) not in page
    city = client.get(reverse("quiz:leaderboard", args=[quiz.slug])).content.decode()
    assert nickname(mine.pk) in city
    assert nickname(theirs.pk) in city


def test_nicknames_are_stable_and_not_made_from_the_name():
    assert nickname(41) == nickname(41)
    assert re.fullmatch(r"\D+ \d{2}", nickname(41))
    assert len({nickname(n) for n in range(200)}) > 150


def _opt_in(user):
    QuizPlayer.objects.create(user=user, show_name=True)


def test_a_pupil_under_16_who_opts_in_shows_a_nickname_until_a_guardian_consents(client, quiz):
    ha = EntrantFactory(full_name="Phạm Thu Hà")  # 14 years old
    _opt_in(ha)
    _ranked(ha, quiz, 1000)
    url = reverse("quiz:leaderboard", args=[quiz.slug])
    page = client.get(url).content.decode()
    assert nickname(ha.pk) in page
    assert "Hà P." not in page
    ConsentFactory(subject=ha, purpose=ConsentPurpose.DISPLAY_IDENTITY, giver=ConsentGiver.ENTRANT)
    ConsentFactory(
        subject=ha,
        purpose=ConsentPurpose.DISPLAY_IDENTITY,
        giver=ConsentGiver.GUARDIAN,
        method=ConsentMethod.GUARDIAN_LINK,
    )
    page = client.get(url).content.decode()
    assert "Hà P." in page
    assert "Phạm Thu Hà" not in page
    assert nickname(ha.pk) not in page


def test_a_guardian_consent_to_participation_only_does_not_publish_the_name(client, quiz):
    ha = EntrantFactory(full_name="Phạm Thu Hà")
    _opt_in(ha)
    ConsentFactory(
        subject=ha,
        purpose=ConsentPurpose.PARTICIPATION,
        giver=ConsentGiver.GUARDIAN,
        method=ConsentMethod.GUARDIAN_LINK,
    )
    _ranked(ha, quiz, 1000)
    page = client.get(reverse("quiz:leaderboard", args=[quiz.slug])).content.decode()
    assert "Hà P." not in page


def test_a_pupil_of_17_and_a_parent_who_opt_in_show_first_name_and_initial(client, quiz):
    older = EntrantFactory(
        full_name="Trần Minh Khôi",
        date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 17),
    )
    parent = ParentFactory(full_name="Đỗ Thị Lan")
    for user in (older, parent):
        _opt_in(user)
        _ranked(user, quiz, 1500)
    page = client.get(reverse("quiz:leaderboard", args=[quiz.slug])).content.decode()
    assert "Khôi T." in page
    assert "Lan Đ." in page
    assert "Trần Minh Khôi" not in page


def test_a_pupil_chooses_the_name_on_the_settings_page(client):
    pupil = EntrantFactory(full_name="Phạm Thu Hà")
    client.force_login(pupil)
    page = client.get(reverse("quiz:name")).content.decode()
    assert nickname(pupil.pk) in page
    assert client.post(reverse("quiz:name"), {"show_name": "on"}).status_code == 302
    assert QuizPlayer.objects.get(user=pupil).show_name
    assert client.get(reverse("quiz:name")).status_code == 200


def test_the_name_settings_need_an_account(client):
    assert client.get(reverse("quiz:name")).status_code == 302


@pytest.mark.parametrize("players", [10, 200])
def test_leaderboards_take_a_fixed_number_of_queries(client, quiz, players, django_assert_max_num_queries):
    school = SchoolFactory()
    for n in range(players):
        user = EntrantFactory(school=school)
        if n % 3 == 0:
            _opt_in(user)
        _ranked(user, quiz, 1000 + n)
    viewer = EntrantFactory(school=school)
    client.force_login(viewer)
    for url in (
        reverse("quiz:leaderboard", args=[quiz.slug]),
        reverse("quiz:school_leaderboard", args=[quiz.slug, school.pk]),
    ):
        client.get(url)  # settings rows created on first read
        # The site's frame takes 9 (session, user, menu pages, site, safety settings, permissions); the board
        # 5 or 6 (quiz, school, best scores, their accounts, consents, privacy settings), whatever its length.
        with django_assert_max_num_queries(16):
            response = client.get(url)
        assert response.status_code == 200


def test_an_unknown_school_board_is_404(client, quiz):
    assert client.get(reverse("quiz:school_leaderboard", args=[quiz.slug, 999999])).status_code == 404
