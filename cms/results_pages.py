"""The pages that make results public: a results page (winners per division) and a gallery per contest.

They are made as drafts by `results.services.publication` and go live only through the Wagtail workflow
approved by the head of the organising board; editors add text and ceremony photos like on any page.
Results data is read only through `results.selectors`.
"""

from django.core.paginator import Paginator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page, PagePermissionTester

from contest.forms_base import CleanTextPageForm

# The Wagtail group whose members approve publication (and alone may publish these pages).
HEAD_OF_BOARD_GROUP = "Trưởng ban tổ chức"
GALLERY_PAGE_SIZE = 24


class HeadOfBoardPublishTester(PagePermissionTester):
    """Organisers edit and submit; only the head of the organising board publishes (or a superuser)."""

    def _head_of_board(self) -> bool:
        return self.user.is_superuser or self.user.groups.filter(name=HEAD_OF_BOARD_GROUP).exists()

    def can_publish(self):
        return super().can_publish() and self._head_of_board()


def _open_graph(request, page) -> dict:
    from results.public_views import open_graph

    return open_graph(
        request,
        title=page.title,
        description=page.contest.localized_title,
        image_path=reverse("gallery:contest_share_image", args=[page.contest_id]),
    )


class ContestPagePublishTester(PagePermissionTester):
    """A contest page's only children are results pages and galleries: publishing one straight from
    "add child page" is the head of the board's, like approving it."""

    def can_publish_subpage(self):
        head = self.user.is_superuser or self.user.groups.filter(name=HEAD_OF_BOARD_GROUP).exists()
        return super().can_publish_subpage() and head


class ResultsBody(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", label=_("Tiêu đề mục"))
    paragraph = blocks.RichTextBlock(label=_("Đoạn văn"), features=["bold", "italic", "link", "ul", "ol"])
    photo = ImageBlock(label=_("Ảnh lễ trao giải"))
    photos = blocks.ListBlock(ImageBlock(), label=_("Bộ ảnh lễ trao giải"))
    quote = blocks.BlockQuoteBlock(label=_("Trích dẫn"))


class ResultsPage(Page):
    """Winners of one contest per division, in prize order, credited as each family's consent allows."""

    base_form_class = CleanTextPageForm

    contest = models.ForeignKey("contest.Contest", on_delete=models.PROTECT, related_name="+")
    intro = RichTextField(_("Giới thiệu"), blank=True, features=["bold", "italic", "link", "ul"])
    body = StreamField(ResultsBody(), blank=True, verbose_name=_("Nội dung thêm"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("contest", read_only=True),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.ContestPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Trang kết quả")

    def permissions_for_user(self, user):
        return HeadOfBoardPublishTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from results.selectors.publication import public_winners

        context = super().get_context(request, *args, **kwargs)
        from voting.selectors import public_peoples_choice

        context["divisions"] = public_winners(contest_id=self.contest_id)
        context["peoples_choice"] = public_peoples_choice(contest=self.contest)
        context["og"] = _open_graph(request, self)
        context["gallery_page"] = (
            GalleryPage.objects.live().sibling_of(self).filter(contest_id=self.contest_id).first()
        )
        return context


class GalleryPage(Page):
    """The works of one contest's winners, each played from its scrubbed public renditions."""

    base_form_class = CleanTextPageForm

    contest = models.ForeignKey("contest.Contest", on_delete=models.PROTECT, related_name="+")
    intro = RichTextField(_("Giới thiệu"), blank=True, features=["bold", "italic", "link", "ul"])
    body = StreamField(ResultsBody(), blank=True, verbose_name=_("Nội dung thêm"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("contest", read_only=True),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.ContestPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Thư viện tác phẩm")

    def permissions_for_user(self, user):
        return HeadOfBoardPublishTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from results.selectors.gallery import gallery_cards, gallery_queryset

        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(gallery_queryset(contest=self.contest), GALLERY_PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("trang"))
        context["page_obj"] = page_obj
        context["cards"] = gallery_cards(page_obj.object_list)
        context["og"] = _open_graph(request, self)
        context["results_page"] = (
            ResultsPage.objects.live().sibling_of(self).filter(contest_id=self.contest_id).first()
        )
        return context
