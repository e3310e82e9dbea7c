from django.urls import path

from submissions.views import entries, preview, teams, uploads

app_name = "submissions"

urlpatterns = [
    path("bai-du-thi/", entries.my_entries, name="my_entries"),
    path("bai-du-thi/du-thi/<int:contest_id>/", entries.enter_contest, name="enter"),
    path("bai-du-thi/<int:pk>/", entries.edit_entry, name="edit"),
    path("bai-du-thi/<int:pk>/tu-luu/", entries.autosave_entry, name="autosave"),
    path("bai-du-thi/<int:pk>/nhom/", entries.save_team, name="team"),
    path("bai-du-thi/<int:pk>/nop/", entries.submit, name="submit"),
    path("bai-du-thi/<int:pk>/bien-nhan/", entries.receipt, name="receipt"),
    path("bai-du-thi/<int:pk>/rut/", entries.withdraw, name="withdraw"),
    path("loi-moi-nhom/", teams.invitations, name="invitations"),
    path("loi-moi-nhom/<int:pk>/tra-loi/", teams.answer_invitation, name="invitation_answer"),
    path("bai-du-thi/<int:pk>/moi-phu-huynh/", entries.invite_guardian, name="invite_guardian"),
    path("bai-du-thi/<int:pk>/tai-len/", uploads.start_upload, name="upload_start"),
    path("bai-du-thi/<int:pk>/tai-tep/", uploads.upload_plain, name="upload_plain"),
    path("tai-len/<uuid:upload_id>/", uploads.upload, name="upload"),
    path("tai-len/<uuid:upload_id>/ky-duong-dan/", uploads.presign, name="upload_presign"),
    path("tai-len/<uuid:upload_id>/hoan-tat/", uploads.complete, name="upload_complete"),
    path("tep/<int:asset_id>/di-chuyen/", uploads.move_asset, name="asset_move"),
    path("tep/<int:asset_id>/xoa/", uploads.delete_asset, name="asset_delete"),
    path("tep/<int:asset_id>/ban-goc/", uploads.download_original, name="asset_download"),
    path("tep/<int:asset_id>/xem/<int:index>/", preview.preview_file, name="preview_file"),
]
