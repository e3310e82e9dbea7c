"""Public URLs of the galleries (namespace "gallery"); a work is addressed by its random public key only."""

from django.urls import path

from results import public_views

app_name = "gallery"

urlpatterns = [
    path("thu-vien-tac-pham/", public_views.gallery, name="list"),
    path("thu-vien-tac-pham/anh-chia-se.png", public_views.campaign_share_image, name="campaign_share_image"),
    path("ket-qua/bai/<slug:key>/", public_views.entry_page, name="entry"),
    path("ket-qua/bai/<slug:key>/anh-chia-se.png", public_views.share_image, name="share_image"),
    path(
        "ket-qua/cuoc-thi/<int:contest_id>/anh-chia-se.png",
        public_views.contest_share_image,
        name="contest_share_image",
    ),
]
