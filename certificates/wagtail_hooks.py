"""The organisers' certificate screens: the template designer (with its preview PDF) and the list of issued
certificates, each revoked or reinstated only through its own form with a reason."""

from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from certificates.forms_admin import CertificateTemplateAdminForm
from certificates.models import Certificate, CertificateTemplate
from certificates.views import admin as admin_views
from contest.viewsets import SafeSnippetViewSet


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Certificates are written by the services only (issue, revoke, reinstate), never by an admin form."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [a for a in actions if a not in {"add", "change", "delete"}]
        return super().users_with_any_permission(actions)


class PreviewColumn(Column):
    def get_value(self, instance):
        links = [
            (reverse("certificates_preview", args=[instance.pk]) + "?loai=award", _("Xem trước: đạt giải")),
            (reverse("certificates_preview", args=[instance.pk]) + "?loai=participation", _("tham gia")),
        ]
        return format_html_join(" · ", '<a href="{}" target="_blank" rel="noopener">{}</a>', links)


class StateColumn(Column):
    def get_value(self, instance):
        label = _("Thu hồi") if instance.is_valid else _("Khôi phục")
        return format_html(
            '{} · <a href="{}">{}</a>',
            instance.get_state_display(),
            reverse("certificates_change_state", args=[instance.pk]),
            label,
        )


class CertificateTemplateViewSet(SafeSnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full-inverse"
    menu_label = _("Mẫu giấy chứng nhận")
    list_display = ["name", "contest", PreviewColumn("preview", label=_("Xem trước"))]
    search_fields = ["name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("contest"),
            MultiFieldPanel(
                [FieldPanel("background_image"), FieldPanel("background_upload"), FieldPanel("text_colour")],
                heading=_("Nền và màu chữ"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("heading"),
                    FieldPanel("intro"),
                    FieldPanel("award_text"),
                    FieldPanel("participation_text"),
                ],
                heading=_("Lời trên giấy"),
            ),
            InlinePanel("signatures", heading=_("Chữ ký"), max_num=4),
            InlinePanel(
                "placements",
                heading=_("Vị trí nội dung (để trống: bố cục mặc định)"),
                help_text=_("Đo bằng mm từ góc trên bên trái của trang A4 ngang (297 × 210 mm)."),
            ),
        ],
        base_form_class=CertificateTemplateAdminForm,
    )


class CertificateViewSet(SafeSnippetViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Giấy chứng nhận đã cấp")
    list_display = [
        "code",
        "kind",
        "tier",
        "contest",
        "entry",
        "holder",
        StateColumn("state", label=_("Trạng thái")),
    ]
    list_filter = ["state", "kind", "contest"]
    list_export = [
        "code",
        "kind",
        "tier",
        "state",
        "contest",
        "entry",
        "issued_at",
        "revoked_at",
        "revoked_reason",
    ]
    search_fields = ["code", "entry__code"]
    search_backend_name = None


class CertificatesAdminGroup(SnippetViewSetGroup):
    menu_label = _("Giấy chứng nhận")
    menu_icon = "doc-full"
    menu_order = 320
    items = (CertificateTemplateViewSet, CertificateViewSet)


register_permission_policy(Certificate, ReadOnlyPolicy(Certificate), exact_class=True)
register_snippet(CertificatesAdminGroup)


@hooks.register("register_admin_urls")
def register_certificate_admin_urls():
    return [
        path("giay-chung-nhan/mau/<int:pk>/xem-truoc/", admin_views.preview, name="certificates_preview"),
        path(
            "giay-chung-nhan/<int:pk>/trang-thai/", admin_views.change_state, name="certificates_change_state"
        ),
    ]
