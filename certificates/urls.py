from django.urls import path

from certificates.views import public, pupil, school

app_name = "certificates"

urlpatterns = [
    path("chung-nhan/<str:code>/", public.verify, name="verify"),
    path("giay-chung-nhan/", pupil.mine, name="mine"),
    path("giay-chung-nhan/<int:pk>/ten/", pupil.rename, name="rename"),
    path("giay-chung-nhan/<int:pk>/tai-ve/", pupil.download, name="download"),
    path("giay-chung-nhan/truong/", school.school, name="school"),
    path("giay-chung-nhan/truong/tai-ve/", school.school_zip, name="school_zip"),
]
