"""The organisers' screen for typed schools ("Tên trường khác"): merge each into a listed school."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contest.errors import DomainError
from contest.forms_admin import TypedSchoolMergeForm
from contest.rules import can_manage_contests
from contest.selectors import typed_school_groups
from contest.services import merge_typed_school


@require_http_methods(["GET", "POST"])
def typed_schools(request):
    if not can_manage_contests(request.user):
        return TemplateResponse(request, "wagtailadmin_schools/forbidden.html", {}, status=403)
    status = 200
    if request.method == "POST":
        form = TypedSchoolMergeForm(request.POST)
        if form.is_valid():
            try:
                moved = merge_typed_school(
                    typed_name=form.cleaned_data["typed_name"],
                    school=form.cleaned_data["school"],
                    actor=request.user,
                )
            except DomainError as error:
                messages.error(request, error.message)
                status = error.status_code
            else:
                messages.success(
                    request,
                    _("Đã gộp “%(typed)s” vào %(school)s (%(n)d học sinh).")
                    % {
                        "typed": form.cleaned_data["typed_name"],
                        "school": form.cleaned_data["school"],
                        "n": moved,
                    },
                )
                return redirect("typed_schools")
        else:
            messages.error(request, _("Hãy chọn một trường trong danh sách để gộp."))
            status = 400
    rows = []
    for group in typed_school_groups():
        initial = {"typed_name": group["typed_name"]}
        if group["suggestions"]:
            initial["school"] = group["suggestions"][0][0].pk
        rows.append({**group, "form": TypedSchoolMergeForm(initial=initial)})
    return TemplateResponse(request, "wagtailadmin_schools/typed_schools.html", {"rows": rows}, status=status)
