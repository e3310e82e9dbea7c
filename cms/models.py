"""The campaign site: editorial pages. Contest data is read only through contest.selectors."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from contest import selectors
from contest.forms_base import CleanTextAdminModelForm, CleanTextPageForm
from recaps.blocks import RecapBlock


class KeyDateBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Ngày"))
    label = blocks.CharBlock(label=_("Sự kiện"))

    class Meta:
        icon = "date"
        label = _("Mốc thời gian")


class TipBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Tiêu đề"))
    text = blocks.TextBlock(label=_("Nội dung"))

    class Meta:
        icon = "help"
        label = _("Lời khuyên")


class HomePage(Page):
    """The campaign's front page: its message, hashtags, key dates, the open contests, the latest tips."""

    base_form_class = CleanTextPageForm

    campaign = models.ForeignKey(
        "contest.Campaign", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    slogan = models.CharField(_("Khẩu hiệu"), max_length=200, blank=True)
    message = RichTextField(_("Thông điệp"), blank=True, features=["bold", "italic", "link", "ul"])
    hashtags = models.CharField(_("Hashtag"), max_length=200, blank=True)
    key_dates = StreamField([("key_date", KeyDateBlock())], blank=True, verbose_name=_("Mốc thời gian"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("campaign"),
        FieldPanel("slogan"),
        FieldPanel("message"),
        FieldPanel("hashtags"),
        FieldPanel("key_dates"),
    ]
    subpage_types = ["cms.ContestIndexPage", "cms.ArticleIndexPage", "cms.ArticlePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Trang chủ")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        open_contests = list(selectors.open_contests()[:8])
        pages = ContestPage.objects.live().filter(
            locale=self.locale, contest__in=[contest.pk for contest in open_contests]
        )
        by_contest = {page.contest_id: page for page in pages}
        context["open_contests"] = [
            {"contest": contest, "page": by_contest.get(contest.pk)} for contest in open_contests
        ]
        context["latest_tips"] = (
            ArticlePage.objects.live().filter(locale=self.locale).order_by("-first_published_at")[:4]
        )
        context["hashtag_list"] = self.hashtags.split()
        return context


class ContestIndexPage(Page):
    base_form_class = CleanTextPageForm
    intro = RichTextField(_("Giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ContestPage"]

    class Meta:
        verbose_name = _("Danh sách cuộc thi")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = list(ContestPage.objects.live().child_of(self).only("id", "title", "url_path", "contest_id"))
        by_contest = {page.contest_id: page for page in pages}
        contests = list(selectors.contests_for_listing().filter(pk__in=by_contest))
        now = timezone.now()
        context["items"] = [
            {"page": by_contest[c.pk], "contest": c, "is_open": c.opens_at <= now < c.closes_at}
            for c in contests
        ]
        return context


class ContestPage(Page):
    """The public page of one contest: rules, limits in plain words, deadline, prizes, the way in."""

    base_form_class = CleanTextPageForm

    contest = models.ForeignKey("contest.Contest", on_delete=models.PROTECT, related_name="+")
    intro = RichTextField(_("Giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("contest"), FieldPanel("intro")]
    parent_page_types = ["cms.ContestIndexPage"]
    subpage_types = ["cms.ResultsPage", "cms.GalleryPage"]

    class Meta:
        verbose_name = _("Trang cuộc thi")

    def permissions_for_user(self, user):
        from cms.results_pages import ContestPagePublishTester

        return ContestPagePublishTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        contest = selectors.contests_for_listing().get(pk=self.contest_id)
        context["contest"] = contest
        context["format_rules"] = selectors.format_rules_in_words(contest)
        context["is_open"] = selectors.is_contest_open(contest=contest)
        context["prizes"] = contest.prizes.all()
        return context


class ArticleIndexPage(Page):
    base_form_class = CleanTextPageForm
    intro = RichTextField(_("Giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ArticlePage"]

    class Meta:
        verbose_name = _("Danh sách bài viết")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = ArticlePage.objects.live().child_of(self).order_by("-first_published_at")
        return context


class ArticlePage(Page):
    """A quick safety tip or a news item."""

    base_form_class = CleanTextPageForm

    summary = models.CharField(_("Tóm tắt"), max_length=300, blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title", label=_("Tiêu đề mục"))),
            ("paragraph", blocks.RichTextBlock(label=_("Đoạn văn"))),
            ("tip", TipBlock()),
            ("image", ImageBlock(label=_("Hình ảnh"))),
            ("quote", blocks.BlockQuoteBlock(label=_("Trích dẫn"))),
            ("recap", RecapBlock()),
        ],
        verbose_name=_("Nội dung"),
    )

    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage", "cms.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Bài viết")


@register_setting(icon="help")
class SafetySettings(BaseSiteSetting):
    """Hotlines and links shown in every page's footer."""

    base_form_class = CleanTextAdminModelForm

    child_helpline = models.CharField(_("Tổng đài bảo vệ trẻ em"), max_length=40, default="111")
    police_hotline = models.CharField(_("Cảnh sát"), max_length=40, default="113")
    cyber_report_url = models.URLField(_("Trang báo cáo lừa đảo trực tuyến"), blank=True)
    contact_email = models.EmailField(_("E-mail ban tổ chức"), blank=True)
    facebook_url = models.URLField(_("Trang Facebook"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("child_helpline"), FieldPanel("police_hotline"), FieldPanel("cyber_report_url")],
            heading=_("Đường dây nóng"),
        ),
        MultiFieldPanel([FieldPanel("contact_email"), FieldPanel("facebook_url")], heading=_("Liên hệ")),
    ]

    class Meta:
        verbose_name = _("Đường dây nóng và liên kết")


from cms.results_pages import GalleryPage, ResultsPage  # noqa: E402,F401  (results and gallery pages)
