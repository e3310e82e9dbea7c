from django.urls import path

from privacy.views import consent, data_rights

app_name = "privacy"

urlpatterns = [
    path("dong-y/", consent.my_consent, name="mine"),
    path("dong-y/moi-phu-huynh/", consent.invite_guardian, name="invite_guardian"),
    path("dong-y/phu-huynh/<str:token>/", consent.guardian_consent, name="guardian"),
    path("dong-y/phu-huynh/<str:token>/rut-lai/", consent.guardian_withdraw, name="guardian_withdraw"),
    path("dong-y/phu-huynh/<str:token>/tai-khoan/", consent.guardian_account, name="guardian_account"),
    path("dong-y/phu-huynh/<str:token>/du-lieu/", data_rights.guardian_data, name="guardian_data"),
    path("dong-y/xac-nhan-phu-huynh/<int:pk>/", consent.confirm_guardian, name="confirm_guardian"),
    path("du-lieu-cua-toi/", data_rights.my_data, name="my_data"),
    path("du-lieu-cua-toi/tai-ve/", data_rights.download_my_data, name="my_data_download"),
    path("du-lieu-cua-toi/xoa/", data_rights.delete_my_data, name="my_data_delete"),
    path("du-lieu-cua-toi/huy-xoa/", data_rights.cancel_my_deletion, name="my_data_cancel"),
    path("huy-xoa-du-lieu/<str:token>/", data_rights.cancel_deletion_link, name="cancel_deletion"),
]
