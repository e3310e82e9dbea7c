from django.urls import path

from challenges.views import mine, public, uploads

app_name = "challenges"

urlpatterns = [
    path("thu-thach/", public.index, name="index"),
    path("thu-thach/<slug:slug>/", public.detail, name="detail"),
    path("thu-thach/<slug:slug>/gui-clip/", mine.send, name="send"),
    path("thu-thach/<slug:slug>/tai-len/", uploads.start, name="upload_start"),
    path("tai-clip/<uuid:upload_id>/", uploads.upload, name="upload"),
    path("tai-clip/<uuid:upload_id>/ky-duong-dan/", uploads.presign, name="upload_presign"),
    path("tai-clip/<uuid:upload_id>/hoan-tat/", uploads.complete, name="upload_complete"),
    path("clip/<int:pk>/<str:name>", public.clip_file, name="clip_file"),
    path("clip-cua-toi/", mine.my_clips, name="mine"),
    path("clip-cua-toi/<int:pk>/", mine.clip_detail, name="clip"),
    path("clip-cua-toi/<int:pk>/rut/", mine.withdraw, name="withdraw"),
]
