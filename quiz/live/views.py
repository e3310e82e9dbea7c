"""The live mode's pages. Phones: join with the code (`/choi/`), the phone page, an answer, the phone's own
standing. Host: choose a quiz and start, the projector screen, the moves. Streams (async, served by Django's
ASGI handler under /truc-tiep/, see cms/asgi.py): one for the phones of a session, one for its host.

A phone is known only by the token in its cookie for that session: a token of another session is no seat
here (404). Another teacher's session answers 404 like a missing one."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms.live import read, stream
from contest.errors import DomainError
from contest.throttling import client_address
from quiz.live import events, rules, selectors, services
from quiz.live.enums import MAX_PARTICIPANTS
from quiz.live.forms import JoinForm, LiveAnswerForm, MoveForm, StartLiveForm
from quiz.models import LiveSession, Quiz

COOKIE_PREFIX = "kmm_live_"
COOKIE_AGE = 12 * 3600
# Wrong codes per address before joining pauses: a class behind one address mistypes far less than this, a
# script trying codes gets nowhere (10^6 codes).
JOIN_FAILURES, JOIN_WINDOW = 30, 600


def _cookie(session_id: int) -> str:
    return f"{COOKIE_PREFIX}{session_id}"


def _failure_key(request) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256)
    return f"quizlive:join-failures:{digest.hexdigest()}"


def _join_paused(request) -> bool:
    return (cache.get(_failure_key(request)) or 0) >= JOIN_FAILURES


def _note_failure(request) -> None:
    key = _failure_key(request)
    cache.add(key, 0, JOIN_WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, JOIN_WINDOW)


def _phone_strings() -> dict:
    return {
        "progress": _("Câu %(n)s/%(total)s"),
        "sending": _("Đang gửi câu trả lời…"),
        "timeout": _("Hết giờ! Chờ công bố đáp án nhé."),
        "offline": _("Chưa gửi được câu trả lời. Em thử lại nhé."),
        "reconnecting": _("Đang kết nối lại…"),
        "right": _("Đúng rồi!"),
        "wrong": _("Chưa đúng rồi"),
        "no_answer": _("Em chưa trả lời câu này"),
        "points": _("+%(p)s điểm"),
        "rank": _("Hạng %(r)s · %(s)s điểm"),
        "final_score": _("%(s)s điểm"),
    }


def _host_strings() -> dict:
    return {
        "progress": _("Câu %(n)s/%(total)s"),
        "answered": _("%(a)s/%(n)s"),
        "right_answer": _("Đáp án đúng"),
        "board": _("Bảng xếp hạng"),
        "final_board": _("Kết quả chung cuộc"),
        "offline": _("Mất kết nối tới máy chủ, đang thử lại…"),
        "reconnecting": _("Đang kết nối lại…"),
    }


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


# Phones ------------------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def join(request):
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("ma", "")[:6]})
    status = 200
    if request.method == "POST":
        if _join_paused(request):
            form.add_error(None, _("Em đã nhập sai mã nhiều lần. Hãy chờ vài phút rồi thử lại nhé."))
            return render(request, "quizlive/join.html", {"form": form}, status=429)
        if form.is_valid():
            session = selectors.open_session_by_code(form.cleaned_data["code"])
            if session is None:
                _note_failure(request)
                form.add_error(
                    "code", _("Không có phiên đố vui nào đang mở với mã này. Em kiểm tra lại nhé.")
                )
                status = 404
            else:
                existing = selectors.participant_for(
                    session_id=session.pk, token=request.COOKIES.get(_cookie(session.pk), "")
                )
                if existing is not None:
                    return redirect("quizlive:phone", session.pk)
                try:
                    joined = services.join_session(session_id=session.pk, user=request.user)
                except DomainError as error:
                    form.add_error(None, error.message)
                    status = error.status_code
                else:
                    response = redirect("quizlive:phone", session.pk)
                    response.set_cookie(
                        _cookie(session.pk),
                        joined.participant.token,
                        max_age=COOKIE_AGE,
                        httponly=True,
                        samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE,
                    )
                    return response
        else:
            status = 400
    return render(request, "quizlive/join.html", {"form": form}, status=status)


def _participant_or_404(request, pk: int):
    participant = selectors.participant_for(session_id=pk, token=request.COOKIES.get(_cookie(pk), ""))
    if participant is None:
        raise Http404
    return participant


@never_cache
@require_GET
def phone(request, pk):
    participant = selectors.participant_for(session_id=pk, token=request.COOKIES.get(_cookie(pk), ""))
    if participant is None:
        messages.info(request, _("Em hãy nhập mã tham gia để vào phiên đố vui."))
        return redirect("quizlive:join")
    context = {"participant": participant, "session": participant.session, "strings": _phone_strings()}
    return render(request, "quizlive/phone.html", context)


@never_cache
@require_POST
def answer(request, pk):
    participant = selectors.participant_for(session_id=pk, token=request.COOKIES.get(_cookie(pk), ""))
    if participant is None:
        return _error(_("Em chưa tham gia phiên này."), 404)
    form = LiveAnswerForm(request.POST)
    if not form.is_valid():
        return _error(_("Câu trả lời không hợp lệ."), 400)
    try:
        services.submit_answer(
            session_id=pk,
            token=participant.token,
            position=form.cleaned_data["position"],
            choice_ids=form.cleaned_data["choice"],
        )
    except DomainError as error:
        return _error(error.message, error.status_code)
    return JsonResponse({"ok": True, "message": _("Đã nhận câu trả lời của em. Chờ công bố đáp án nhé!")})


@never_cache
@require_GET
def me(request, pk):
    participant = _participant_or_404(request, pk)
    return JsonResponse(selectors.my_state(participant))


# Host --------------------------------------------------------------------------------------------------


def _host_only(request):
    if not rules.can_host(request.user):
        raise Http404


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def host_index(request):
    _host_only(request)
    form = StartLiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.start_session(quiz=form.cleaned_data["quiz"], host=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return redirect("quizlive:host", session.pk)
    context = {
        "form": form,
        "quizzes": Quiz.objects.filter(is_active=True).order_by("title"),
        "sessions": LiveSession.objects.filter(host=request.user).select_related("quiz")[:10],
    }
    return render(request, "quizlive/host_index.html", context, status=400 if form.errors else 200)


@login_required
@never_cache
@require_GET
def host(request, pk):
    _host_only(request)
    session = selectors.session_for_host(session_id=pk, user=request.user)
    join_url = request.build_absolute_uri(reverse("quizlive:join"))
    context = {
        "session": session,
        "join_url": join_url,
        "max_participants": MAX_PARTICIPANTS,
        "strings": _host_strings(),
    }
    return render(request, "quizlive/host.html", context)


@login_required
@never_cache
@require_POST
def move(request, pk):
    _host_only(request)
    session = get_object_or_404(LiveSession, pk=pk, host_id=request.user.pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _error(_("Thao tác không hợp lệ."), 400)
    try:
        services.move_session(session_id=session.pk, to=form.cleaned_data["to"], actor=request.user)
    except DomainError as error:
        return _error(error.message, error.status_code)
    return JsonResponse({"ok": True})


# Streams (async views under /truc-tiep/) ------------------------------------------------------------------


async def phone_stream(request, pk):
    token = request.COOKIES.get(_cookie(pk), "")
    participant = await read(selectors.participant_for)(session_id=pk, token=token)
    if participant is None:
        raise Http404

    def initial():
        fresh = selectors.participant_for(session_id=pk, token=token)
        state = selectors.public_state(fresh.session)
        state["me"] = selectors.my_state(fresh)
        return state

    return stream(request, events.phone_group(pk), read(initial))


async def host_stream(request, pk):
    user = await request.auser()
    if not rules.can_host(user):
        raise Http404
    session = await read(selectors.session_for_host)(session_id=pk, user=user)

    def initial():
        return selectors.host_state(LiveSession.objects.get(pk=session.pk))

    return stream(request, events.host_group(pk), read(initial))
