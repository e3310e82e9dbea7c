"""Organisers' view of media jobs: failed ones first, each with a retry button."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from contest import rules
from contest.errors import DomainError
from contest.viewsets import SafeSnippetViewSet
from submissions.enums import JobState
from submissions.models.jobs import MediaJob
from submissions.services.processing import retry_asset


class MediaJobFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label=gettext_lazy("Trạng thái"), choices=JobState.choices)

    class Meta:
        model = MediaJob
        fields = ["state"]


class RetryColumn(Column):
    def get_value(self, instance):
        if instance.state != JobState.FAILED:
            return ""
        return format_html(
            '<form method="post" action="{}"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button class="button button-small" type="submit">{}</button></form>',
            reverse("media_job_retry", args=[instance.pk]),
            self.csrf_token,
            _("Chạy lại"),
        )

    def get_cell_context_data(self, instance, parent_context):
        self.csrf_token = parent_context.get("csrf_token", "")
        return super().get_cell_context_data(instance, parent_context)


class PipelineOnlyPolicy(ModelPermissionPolicy):
    """Jobs are opened by the pipeline, never typed in by hand: nobody gets the "add" action."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class MediaJobViewSet(SafeSnippetViewSet):
    model = MediaJob
    icon = "cogs"
    menu_label = gettext_lazy("Xử lý tệp")
    menu_order = 230
    add_to_admin_menu = True
    list_display = [
        "asset",
        "state",
        "attempts",
        "progress",
        "worker",
        "heartbeat_at",
        "error",
        RetryColumn("retry"),
    ]
    list_export = ["asset", "state", "attempts", "progress", "worker", "heartbeat_at", "error", "created_at"]
    filterset_class = MediaJobFilterSet
    search_fields = ["error", "worker"]
    search_backend_name = None
    ordering = ["-created_at"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        # Each row names its file by entry code ("KMM-VID-0007 · 1"), loaded with the list.
        return MediaJob.objects.select_related("asset__entry")


register_permission_policy(MediaJob, PipelineOnlyPolicy(MediaJob))
register_snippet(MediaJobViewSet)


@require_POST
def retry_job(request, pk):
    if not rules.is_organiser(request.user):
        raise PermissionDenied
    job = get_object_or_404(MediaJob.objects.select_related("asset"), pk=pk)
    try:
        retry_asset(asset=job.asset, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã đưa tệp vào hàng chờ xử lý lại."))
    return redirect(reverse("wagtailsnippets_submissions_mediajob:list"))


@hooks.register("register_admin_urls")
def register_job_urls():
    return [path("xu-ly-tep/<int:pk>/chay-lai/", retry_job, name="media_job_retry")]
