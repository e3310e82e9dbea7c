from django.urls import path

from contest import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.SignInView.as_view(), name="login"),
    path("dang-xuat/", views.SignOutView.as_view(), name="logout"),
    path("dang-ky/", views.register, name="register"),
    path("tai-khoan/", views.dashboard, name="dashboard"),
]
