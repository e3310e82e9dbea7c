from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contest import rules
from contest.forms import EmailAuthenticationForm, RegistrationForm
from contest.redirects import SafeNextMixin, safe_next
from contest.services import register_entrant


class SignInView(SafeNextMixin, auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class SignOutView(SafeNextMixin, auth_views.LogoutView):
    pass


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = register_entrant(
            email=data["email"],
            password=data["password1"],
            full_name=data["full_name"],
            date_of_birth=data["date_of_birth"],
            school=data["school"],
            school_other=data["school_other"],
            class_name=data["class_name"],
            out_of_school=data["out_of_school"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Chào mừng em! Tài khoản đã được tạo."))
        return redirect(safe_next(request, "accounts:dashboard"))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/register.html", {"form": form}, status=status)


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
    if rules.is_judge(user):
        links.append((reverse("judging:home"), _("Chấm thi"), _("Các bài được phân công cho thầy cô.")))
    return links
