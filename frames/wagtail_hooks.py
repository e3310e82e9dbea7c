"""Organisers upload frames in Wagtail (Snippets → Khung ảnh). A refused file answers 400 with the reason."""

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView

from contest.viewsets import SafeSnippetViewSet
from frames.forms_admin import FrameAdminForm
from frames.models import Frame


class RefusedIs400:
    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class FrameCreateView(RefusedIs400, CreateView):
    pass


class FrameEditView(RefusedIs400, EditView):
    pass


class FrameViewSet(SafeSnippetViewSet):
    model = Frame
    icon = "image"
    menu_label = _("Khung ảnh")
    menu_order = 260
    add_to_admin_menu = True
    add_view_class = FrameCreateView
    edit_view_class = FrameEditView
    list_display = [
        "title",
        "kind",
        "width",
        "height",
        "is_public",
        Column("download_total", label=_("Lượt tải ảnh"), sort_key="download_total"),
    ]
    list_filter = ["kind", "is_public"]
    list_export = ["title", "kind", "width", "height", "is_public"]
    search_fields = ["title"]
    search_backend_name = None

    def get_queryset(self, request):
        return Frame.objects.annotate(download_total=Coalesce(Sum("downloads__count"), 0))

    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("kind"),
            FieldRowPanel([FieldPanel("width"), FieldPanel("height")], heading=_("Kích thước ảnh tải về")),
            FieldPanel("image"),
            FieldPanel("is_public"),
            FieldPanel("sort_order"),
        ],
        base_form_class=FrameAdminForm,
    )


register_snippet(FrameViewSet)
