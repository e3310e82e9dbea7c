from django.contrib.auth import views as auth_views
from django.urls import path

from contest import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.SignInView.as_view(), name="login"),
    path("dang-xuat/", views.SignOutView.as_view(), name="logout"),
    path("dang-ky/", views.register, name="register"),
    path("dang-ky/kiem-tra-email/", views.register_done, name="register_done"),
    path("kich-hoat/<uidb64>/<token>/", views.activate, name="activate"),
    path("dang-nhap/xac-thuc/", views.two_factor, name="two_factor"),
    path("dang-nhap/cai-dat-xac-thuc/", views.two_factor_setup, name="two_factor_setup"),
    path("dang-nhap/ma-khoi-phuc/", views.recovery_codes, name="recovery_codes"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("tai-khoan/", views.dashboard, name="dashboard"),
]
