"""Organisers' XLSX export and import of the question bank. Import is two steps, like the schools import:
the upload is read and previewed row by row (nothing written), then the rows kept in the session are applied."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contest.spreadsheets import spreadsheet_response
from quiz.forms_admin import QuestionImportForm
from quiz.models import Question
from quiz.rules import can_manage_quiz
from quiz.services import bank
from quiz.spreadsheet import HEADERS, ImportFileError, QuestionRow, export_rows, parse_table, read_table

T = "wagtailadmin_quiz/"
IMPORT_SESSION_KEY = "quiz_question_import"


def _forbidden(request):
    return TemplateResponse(request, T + "forbidden.html", {}, status=403)


@require_GET
def export_questions(request):
    if not can_manage_quiz(request.user):
        return _forbidden(request)
    questions = Question.objects.prefetch_related("choices", "tags").order_by("key")
    return spreadsheet_response(
        headers=HEADERS, rows=export_rows(questions), filename="ngan-hang-cau-hoi-do-vui", fmt="xlsx"
    )


@require_http_methods(["GET", "POST"])
def import_questions(request):
    """Step one: read the file and show what applying it would do, with each row's errors."""
    if not can_manage_quiz(request.user):
        return _forbidden(request)
    form = QuestionImportForm(request.POST or None, request.FILES or None)
    plan, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                rows = parse_table(read_table(form.cleaned_data["file"]))
            except ImportFileError as error:
                form.add_error("file", error.message)
                status = 400
            else:
                plan = bank.plan_import(rows=rows)
                request.session[IMPORT_SESSION_KEY] = [row.as_dict() for row in rows]
        else:
            status = 400
    counts = None
    if plan is not None:
        counts = {
            action: sum(1 for p in plan if p["action"] == action)
            for action in ("create", "update", "same", "error")
        }
    return TemplateResponse(
        request, T + "import.html", {"form": form, "plan": plan, "counts": counts}, status=status
    )


@require_POST
def apply_import(request):
    """Step two: apply the rows previewed in this session; rows with errors are left out."""
    if not can_manage_quiz(request.user):
        return _forbidden(request)
    stored = request.session.pop(IMPORT_SESSION_KEY, None)
    if not stored:
        messages.error(request, _("Hãy tải tệp lên và xem trước trước khi áp dụng."))
        return redirect("quiz_import")
    rows = [QuestionRow.from_dict(row) for row in stored]
    outcome = bank.apply_import(
        questions=[row.data for row in rows if row.data is not None and not row.errors]
    )
    messages.success(
        request,
        _("Đã nhập: %(created)d câu mới, %(updated)d câu cập nhật, %(same)d câu không đổi.")
        % {"created": outcome.created, "updated": outcome.updated, "same": outcome.unchanged},
    )
    return redirect("quiz_import")
