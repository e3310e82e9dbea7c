from django.urls import path

from submissions.views import consent, coordinator, data_rights

app_name = "consent"

urlpatterns = [
    path("dong-y/", consent.my_consent, name="mine"),
    path("dong-y/moi-phu-huynh/", consent.invite_guardian, name="invite_guardian"),
    path("dong-y/phu-huynh/<str:token>/", consent.guardian_consent, name="guardian"),
    path("dong-y/phu-huynh/<str:token>/rut-lai/", consent.guardian_withdraw, name="guardian_withdraw"),
    path("dong-y/phu-huynh/<str:token>/du-lieu/", data_rights.guardian_data, name="guardian_data"),
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
    path("du-lieu-cua-toi/", data_rights.my_data, name="my_data"),
    path("du-lieu-cua-toi/tai-ve/", data_rights.download_my_data, name="my_data_download"),
    path("du-lieu-cua-toi/xoa/", data_rights.delete_my_data, name="my_data_delete"),
]
