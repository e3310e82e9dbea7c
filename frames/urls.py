from django.urls import path

from frames import views

app_name = "frames"

urlpatterns = [
    path("khung-anh/", views.page, name="page"),
    path("khung-anh/ghep/", views.make, name="make"),
    path("khung-anh/da-tai/", views.count_download, name="count"),
    path("khung-anh/khung/<int:pk>.png", views.frame_image, name="image"),
    path("khung-anh/khung/<int:pk>-nho.png", views.frame_image, {"thumbnail": True}, name="thumbnail"),
]
