from django.urls import path

from submissions.views import coordinator

app_name = "consent"

urlpatterns = [
    path("giao-vien/", coordinator.dashboard, name="coordinator"),
    path("giao-vien/xuat/<slug:kind>.<slug:fmt>", coordinator.export, name="coordinator_export"),
    path("giao-vien/hoc-sinh/<int:pk>/", coordinator.pupil_detail, name="coordinator_pupil"),
    path("giao-vien/hoc-sinh/<int:pk>/phieu-dong-y/", coordinator.paper_consent, name="coordinator_paper"),
    path(
        "giao-vien/hoc-sinh/<int:pk>/moi-phu-huynh/", coordinator.invite_guardian, name="coordinator_invite"
    ),
    path("giao-vien/hoc-sinh/<int:pk>/nop-bai/", coordinator.submit_on_behalf, name="coordinator_submit"),
    path("giao-vien/hoc-sinh/<int:pk>/xac-nhan/", coordinator.decide_claim, name="coordinator_claim"),
    path("giao-vien/tep/<int:asset_id>/<str:name>", coordinator.rendition, name="coordinator_rendition"),
]
