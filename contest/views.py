import math
import time
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, match_token

from contest import rules, throttling
from contest.forms import EmailAuthenticationForm, QueuedPasswordResetForm, RegistrationForm, TokenForm
from contest.redirects import SafeNextMixin
from contest.services import (
    activate_entrant,
    confirm_totp_enrolment,
    sign_up_entrant,
    start_totp_enrolment,
)

PENDING = "signin_pending"
PENDING_SECONDS = 600
RECOVERY_CODES = "signin_recovery_codes"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _finish_sign_in(request, user, redirect_to: str):
    """The one place a password sign-in becomes a session: the role's lifetime, a trusted browser."""
    login(request, user, backend=MODEL_BACKEND)
    request.session.set_expiry(settings.SESSION_HOURS_BY_ROLE.get(user.role, 8) * 3600)
    throttling.clear_sign_in_failures(email=user.email)
    response = redirect(redirect_to)
    throttling.remember_device(request, response, user.email)
    return response


class SignInView(SafeNextMixin, auth_views.LoginView):
    """E-mail and password, paced by contest.throttling; organisers, safeguarding officers, head judges and
    superusers then give a code from their authenticator (`two_factor`) before any session exists."""

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        email = request.POST.get("username", "")
        self.attempt = {
            "email": email,
            "address": throttling.client_address(request),
            "device": throttling.trusted_device(request, email),
        }
        wait = throttling.sign_in_wait(**self.attempt)
        if wait.total_seconds() > 0:
            minutes = max(1, math.ceil(wait.total_seconds() / 60))
            form = self.get_form_class()(request)
            return self.render_to_response(self.get_context_data(form=form, wait_minutes=minutes), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.data.get("username") and form.data.get("password"):
            throttling.record_sign_in_failure(**self.attempt)
        return super().form_invalid(form)

    def form_valid(self, form):
        user = form.get_user()
        if rules.needs_two_factor(user):
            throttling.clear_sign_in_failures(email=user.email)
            request = self.request
            request.session.cycle_key()
            request.session[PENDING] = {
                "user": user.pk,
                "next": self.get_success_url(),
                "at": int(time.time()),
            }
            if any(True for _device in devices_for_user(user, confirmed=True)):
                return redirect("accounts:two_factor")
            return redirect("accounts:two_factor_setup")
        return _finish_sign_in(self.request, user, self.get_success_url())


def _pending_user(request):
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Second step: a code from the authenticator or one recovery code."""
    user, pending = _pending_user(request)
    if user is None:
        messages.info(request, _("Phiên đăng nhập đã hết hạn. Thầy cô hãy đăng nhập lại."))
        return redirect("accounts:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if match_token(user, form.cleaned_data["token"]) is not None:
            request.session.pop(PENDING, None)
            return _finish_sign_in(request, user, pending["next"])
        form.add_error("token", _("Mã chưa đúng hoặc đã hết hạn. Hãy nhập mã mới nhất trong ứng dụng."))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/two_factor.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """First sign-in of a role that needs two steps: scan the QR code (drawn here, no outside service),
    confirm with the first code, then keep the recovery codes shown once."""
    user, pending = _pending_user(request)
    if user is None:
        messages.info(request, _("Phiên đăng nhập đã hết hạn. Thầy cô hãy đăng nhập lại."))
        return redirect("accounts:login")
    if any(True for _device in devices_for_user(user, confirmed=True)):
        return redirect("accounts:two_factor")
    device = start_totp_enrolment(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = confirm_totp_enrolment(user=user, token=form.cleaned_data["token"])
        if codes:
            request.session.pop(PENDING, None)
            response = _finish_sign_in(request, user, reverse("accounts:recovery_codes"))
            request.session[RECOVERY_CODES] = {"codes": codes, "next": pending["next"]}
            return response
        form.add_error("token", _("Mã chưa đúng. Hãy nhập 6 chữ số đang hiện trong ứng dụng."))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": qr.svg_inline(scale=5, dark="#1b1f24", light="#ffffff"),
        "secret": _spaced(device.bin_key),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/two_factor_setup.html", context, status=status)


def _spaced(key: bytes) -> str:
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
def recovery_codes(request):
    """Shows the recovery codes once, right after enrolment."""
    shown = request.session.pop(RECOVERY_CODES, None)
    if not shown:
        return redirect("accounts:dashboard")
    return render(request, "accounts/recovery_codes.html", shown)


class SignOutView(SafeNextMixin, auth_views.LogoutView):
    pass


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sign_up_entrant(
            email=data["email"],
            password=data["password1"],
            full_name=data["full_name"],
            date_of_birth=data["date_of_birth"],
            school=data["school"],
            school_other=data["school_other"],
            class_name=data["class_name"],
            out_of_school=data["out_of_school"],
        )
        request.session["registered_email"] = data["email"]
        return redirect("accounts:register_done")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/register.html", {"form": form}, status=status)


def register_done(request):
    """The same page for a new and a taken address: what to do next."""
    email = request.session.get("registered_email", "")
    return render(
        request, "accounts/register_done.html", {"email": email, "days": settings.ACCOUNT_ACTIVATION_DAYS}
    )


def activate(request, uidb64, token):
    """The link in the activation e-mail: turns the account on and signs the pupil in."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError):
        pk = None
    user = get_user_model().objects.filter(pk=pk).first() if pk else None
    if user is None or not activate_entrant(user=user, token=token):
        return render(request, "accounts/activation_invalid.html", status=400)
    user.refresh_from_db()
    messages.success(request, _("Tài khoản đã được kích hoạt. Chào mừng em!"))
    return _finish_sign_in(request, user, reverse("accounts:dashboard"))


class PasswordResetView(auth_views.PasswordResetView):
    """Always the same answer, whether or not the address has an account (Django's view already does so)."""

    template_name = "accounts/password_reset_form.html"
    form_class = QueuedPasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_email_context = {"site_url": settings.SITE_URL}

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@login_required
def dashboard(request):
    """Sends each role to its home: organisers to the CMS admin, coordinators to their school's
    dashboard, others to their own page."""
    user = request.user
    if rules.is_organiser(user):
        return redirect("wagtailadmin_home")
    if rules.is_coordinator(user):
        return redirect("consent:coordinator")
    return render(
        request, "accounts/dashboard.html", {"role": user.get_role_display(), "links": _role_links(user)}
    )


def _role_links(user) -> list[tuple[str, str, str]]:
    """(url, label, what it is for) for each place this user's role works in."""
    links = []
    if rules.is_entrant(user):
        links += [
            (
                reverse("submissions:my_entries"),
                _("Bài dự thi của tôi"),
                _("Nộp bài, sửa bài, xem biên nhận."),
            ),
            (
                reverse("submissions:invitations"),
                _("Lời mời vào nhóm"),
                _("Nhận lời hoặc từ chối khi một bạn mời em vào nhóm dự thi."),
            ),
            (reverse("privacy:mine"), _("Sự đồng ý"), _("Đồng ý của em và của cha mẹ, người giám hộ.")),
            (reverse("privacy:my_data"), _("Dữ liệu của tôi"), _("Tải về hoặc yêu cầu xoá dữ liệu.")),
        ]
    if rules.is_coordinator(user):
        links.append(
            (
                reverse("consent:coordinator"),
                _("Học sinh của trường"),
                _("Sự đồng ý, bài dự thi, nộp bài thay."),
            )
        )
    if rules.is_coordinator(user) or rules.is_organiser(user):
        links.append(
            (
                reverse("quizlive:host_index"),
                _("Đố vui trực tiếp"),
                _("Mở một lượt đố vui cho cả lớp: học sinh vào bằng mã trên điện thoại."),
            )
        )
    if rules.is_judge(user):
        links.append((reverse("judging:home"), _("Chấm thi"), _("Các bài được phân công cho thầy cô.")))
    if rules.is_head_judge(user) or rules.is_organiser(user):
        links.append(
            (
                reverse("results:home"),
                _("Kết quả và giải thưởng"),
                _("Trao giải theo xếp hạng, đồng ký, nhận xét gửi thí sinh, công bố."),
            )
        )
    if rules.is_parent(user):
        links.append(
            (reverse("privacy:my_data"), _("Dữ liệu của tôi"), _("Tải về hoặc yêu cầu xoá dữ liệu."))
        )
    # Anyone with an account may send a clip to an open challenge (challenges.rules.can_send_clip).
    links += [
        (reverse("challenges:index"), _("Thử thách"), _("Các thử thách clip ngắn đang mở.")),
        (reverse("challenges:mine"), _("Clip của tôi"), _("Clip đã gửi, kết quả kiểm duyệt, rút clip.")),
    ]
    return links
