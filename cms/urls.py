from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views

handler500 = "operations.views.server_error"

urlpatterns = [
    path("favicon.ico", views.favicon),
    # Probes and metrics for the load balancer and Prometheus: no language prefix, no page around them.
    path("", include("operations.urls")),
    # One sign-in for everyone, with its two-step check and pacing; Wagtail's own form is never used.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language),
    # Live event streams (server-sent events), routed to Django's ASGI handler by cms/asgi.py.
    path("truc-tiep/", include("quiz.live.stream_urls")),
]

# The selector posts to the page's own language prefix (/en/i18n/setlang/), so Django resolves the page it
# came from in that language and can translate it; from /i18n/setlang/ "/en/x/" resolved as a Vietnamese
# Wagtail path "en/x/" and the switch to Vietnamese led back to /en/.
urlpatterns += i18n_patterns(
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("contest.urls")),
    path("", include("submissions.urls")),
    path("", include("submissions.consent_urls")),
    path("", include("privacy.urls")),
    path("", include("judging.urls")),
    path("", include("helpline.urls")),
    path("", include("challenges.urls")),
    path("", include("results.urls")),
    path("", include("reports.urls")),
    path("", include("frames.urls")),
    path("", include("quiz.urls")),
    path("", include("quiz.live.urls")),
    path("", include("results.publication_urls")),
    path("", include("results.public_urls")),
    path("", include("voting.urls")),
    path("", include("certificates.urls")),
    path("", include("pledges.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if not settings.USE_S3:
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns.insert(0, re_path(rf"^{media_prefix}/(?P<path>.*)$", views.public_media))
