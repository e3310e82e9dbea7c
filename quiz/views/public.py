"""The pupil's pages: the list of quizzes, a quiz (start ranked or practice), one question at a time, the
explanation after each answer, the result, the leaderboards and the choice of leaderboard name. Another
user's attempt answers 404 like a missing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contest.errors import DomainError
from contest.models import School
from quiz import rules, selectors
from quiz.enums import AttemptMode, QuestionKind
from quiz.forms import AnswerForm, PlayerSettingsForm, StartAttemptForm
from quiz.live import rules as live_rules
from quiz.models import Quiz, QuizPlayer
from quiz.services import attempts as service


def _refuse(request, message: str, status: int, *, attempt=None, quiz=None):
    return render(
        request, "quiz/refused.html", {"message": message, "attempt": attempt, "quiz": quiz}, status=status
    )


@require_GET
def index(request):
    quizzes = list(selectors.open_quizzes())
    context = {
        "quizzes": quizzes,
        "today": selectors.todays_ranked_attempt(user=request.user),
        "can_host": live_rules.can_host(request.user),
    }
    return render(request, "quiz/index.html", context)


@require_GET
def detail(request, slug):
    quiz = selectors.visible_quiz(slug)
    if quiz is None:
        raise Http404
    context = {
        "quiz": quiz,
        "is_open": quiz.is_open(),
        "today": selectors.todays_ranked_attempt(user=request.user),
        "can_rank": rules.can_play_ranked(request.user),
        "school_id": getattr(request.user, "school_id", None),
    }
    return render(request, "quiz/detail.html", context)


@login_required
@require_POST
def start(request, slug):
    quiz = selectors.visible_quiz(slug)
    if quiz is None:
        raise Http404
    form = StartAttemptForm(request.POST)
    if not form.is_valid():
        return _refuse(request, _("Hình thức chơi không hợp lệ."), 400, quiz=quiz)
    try:
        attempt = service.start_attempt(quiz=quiz, user=request.user, mode=form.cleaned_data["mode"])
    except DomainError as error:
        return _refuse(request, error.message, error.status_code, quiz=quiz)
    return redirect("quiz:play", pk=attempt.pk)


@never_cache
@login_required
@require_GET
def play(request, pk):
    """The current question, served once its clock is started; never which choice is right."""
    if selectors.attempt_for(attempt_id=pk, user=request.user) is None:
        raise Http404
    attempt, timed_out = service.serve_current(attempt_id=pk, user=request.user)
    if timed_out is not None:
        messages.warning(request, _("Hết giờ cho câu này: câu được tính 0 điểm."))
        return redirect("quiz:feedback", pk=attempt.pk, position=timed_out.position)
    if attempt.is_finished:
        return redirect("quiz:result", pk=attempt.pk)
    question = selectors.question_with_choices(attempt.question_ids[attempt.position])
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "question": question,
        "choices": list(question.choices.all()),
        "multiple": question.kind == QuestionKind.MULTIPLE,
        "number": attempt.position + 1,
        "deadline_ms": int(attempt.current_deadline.timestamp() * 1000),
        "now_ms": int(timezone.now().timestamp() * 1000),
        "form": AnswerForm(initial={"question": question.pk}),
    }
    return render(request, "quiz/play.html", context)


@never_cache
@login_required
@require_POST
def answer(request, pk):
    attempt = selectors.attempt_for(attempt_id=pk, user=request.user)
    if attempt is None:
        raise Http404
    form = AnswerForm(request.POST)
    if not form.is_valid():
        if "question" in form.errors:
            raise Http404
        return _refuse(request, _("Hãy chọn một đáp án."), 400, attempt=attempt)
    try:
        result = service.answer_question(
            attempt_id=pk,
            user=request.user,
            question_id=form.cleaned_data["question"],
            choice_ids=form.cleaned_data["choice"],
        )
    except DomainError as error:
        return _refuse(request, error.message, error.status_code, attempt=attempt)
    if result.late:
        context = _feedback_context(attempt=result.answer.attempt, answer=result.answer)
        context["late"] = True
        return render(request, "quiz/feedback.html", context, status=409)
    return redirect("quiz:feedback", pk=pk, position=result.answer.position)


def _feedback_context(*, attempt, answer):
    question = selectors.question_with_choices(answer.question_id)
    chosen = set(answer.selected_choice_ids)
    return {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "question": question,
        "answer": answer,
        "choices": [(choice, choice.pk in chosen) for choice in question.choices.all()],
        "number": answer.position + 1,
        "last": answer.position + 1 >= attempt.total,
    }


@never_cache
@login_required
@require_GET
def feedback(request, pk, position):
    """After an answer (or a time-out): the right choice and the explanation. Only for answered questions."""
    attempt = selectors.attempt_for(attempt_id=pk, user=request.user)
    if attempt is None:
        raise Http404
    answer = selectors.answer_at(attempt=attempt, position=position)
    if answer is None:
        raise Http404
    return render(request, "quiz/feedback.html", _feedback_context(attempt=attempt, answer=answer))


@never_cache
@login_required
@require_GET
def result(request, pk):
    attempt = selectors.attempt_for(attempt_id=pk, user=request.user)
    if attempt is None:
        raise Http404
    if not attempt.is_finished:
        return redirect("quiz:play", pk=pk)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "answers": selectors.attempt_answers(attempt=attempt),
        "ranked": attempt.mode == AttemptMode.RANKED,
    }
    return render(request, "quiz/result.html", context)


@require_GET
def leaderboard(request, slug, school_id=None):
    quiz = get_object_or_404(Quiz, slug=slug, is_active=True)
    school = get_object_or_404(School, pk=school_id) if school_id is not None else None
    rows = selectors.leaderboard(quiz=quiz, school_id=school_id, viewer=request.user)
    context = {"quiz": quiz, "school": school, "rows": rows, "mine": getattr(request.user, "school_id", None)}
    return render(request, "quiz/leaderboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def name_settings(request):
    player, _created = QuizPlayer.objects.get_or_create(user=request.user)
    form = PlayerSettingsForm(request.POST or None, instance=player)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Đã lưu cách hiện tên trên bảng xếp hạng."))
            return redirect(reverse("quiz:name"))
        return render(request, "quiz/name.html", {"form": form}, status=400)
    names = selectors.display_names([request.user])
    return render(request, "quiz/name.html", {"form": form, "shown_as": names[request.user.pk]})
