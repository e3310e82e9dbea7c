"""The question bank, its themes and the quizzes in the Wagtail admin (menu "Đố vui"), with the XLSX export and
the two-step import (dry run, then apply)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSetGroup

from contest.admin_menu import PredicateMenuItem
from contest.viewsets import SafeSnippetViewSet
from quiz.forms_admin import QuestionAdminForm, QuizAdminForm
from quiz.models import Question, QuestionTag, Quiz
from quiz.rules import can_manage_quiz
from quiz.views import admin as admin_views


class RefusedIs400:
    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class QuestionCreateView(RefusedIs400, CreateView):
    pass


class QuestionEditView(RefusedIs400, EditView):
    pass


class QuestionViewSet(SafeSnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Ngân hàng câu hỏi")
    add_view_class = QuestionCreateView
    edit_view_class = QuestionEditView
    list_display = ["key", "text", "kind", "difficulty", "is_active"]
    list_filter = ["kind", "difficulty", "is_active", "tags"]
    list_export = ["key", "kind", "text", "explanation", "difficulty", "is_active"]
    search_fields = ["key", "text"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("key"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("difficulty")]),
            FieldPanel("text"),
            FieldPanel("image"),
            InlinePanel(
                "choices",
                heading=_("Lựa chọn"),
                help_text=_(
                    "Một đáp án: đúng một lựa chọn đúng. Nhiều đáp án: ít nhất một. Đúng/Sai: hai lựa chọn "
                    "“Đúng” và “Sai”, một trong hai là đúng."
                ),
                min_num=2,
                max_num=6,
            ),
            FieldPanel("explanation"),
            FieldPanel("tags"),
            FieldPanel("is_active"),
        ],
        base_form_class=QuestionAdminForm,
    )


class QuestionTagViewSet(SafeSnippetViewSet):
    model = QuestionTag
    icon = "tag"
    menu_label = _("Chủ đề câu hỏi")
    list_display = ["name"]
    list_export = ["name"]
    search_fields = ["name"]
    search_backend_name = None
    panels = [FieldPanel("name")]


class QuizCreateView(RefusedIs400, CreateView):
    pass


class QuizEditView(RefusedIs400, EditView):
    pass


class QuizViewSet(SafeSnippetViewSet):
    model = Quiz
    icon = "list-ol"
    menu_label = _("Bộ đố vui")
    add_view_class = QuizCreateView
    edit_view_class = QuizEditView
    list_display = [
        "title",
        "slug",
        "question_count",
        "seconds_per_question",
        "opens_at",
        "closes_at",
        "is_active",
    ]
    list_filter = ["is_active"]
    list_export = [
        "title",
        "slug",
        "question_count",
        "seconds_per_question",
        "opens_at",
        "closes_at",
        "is_active",
    ]
    search_fields = ["title"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("slug"),
            FieldPanel("description"),
            FieldPanel("tags"),
            FieldRowPanel([FieldPanel("question_count"), FieldPanel("seconds_per_question")]),
            FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            FieldPanel("is_active"),
        ],
        base_form_class=QuizAdminForm,
    )


class QuizAdminGroup(SnippetViewSetGroup):
    menu_label = _("Đố vui")
    menu_icon = "help"
    menu_order = 265
    items = (QuizViewSet, QuestionViewSet, QuestionTagViewSet)


register_snippet(QuizAdminGroup)


@hooks.register("register_admin_urls")
def register_quiz_admin_urls():
    return [
        path("do-vui/cau-hoi/xuat.xlsx", admin_views.export_questions, name="quiz_export"),
        path("do-vui/cau-hoi/nhap/", admin_views.import_questions, name="quiz_import"),
        path("do-vui/cau-hoi/nhap/ap-dung/", admin_views.apply_import, name="quiz_import_apply"),
    ]


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return PredicateMenuItem(
        _("Nhập/xuất câu hỏi đố vui (Excel)"),
        reverse("quiz_import"),
        icon_name="upload",
        order=266,
        predicate=can_manage_quiz,
    )
