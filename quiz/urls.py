from django.urls import path

from quiz.views import public as views

app_name = "quiz"

urlpatterns = [
    path("do-vui/", views.index, name="index"),
    path("do-vui/ten-hien-thi/", views.name_settings, name="name"),
    path("do-vui/luot/<int:pk>/", views.play, name="play"),
    path("do-vui/luot/<int:pk>/tra-loi/", views.answer, name="answer"),
    path("do-vui/luot/<int:pk>/cau/<int:position>/", views.feedback, name="feedback"),
    path("do-vui/luot/<int:pk>/ket-qua/", views.result, name="result"),
    path("do-vui/<slug:slug>/", views.detail, name="detail"),
    path("do-vui/<slug:slug>/bat-dau/", views.start, name="start"),
    path("do-vui/<slug:slug>/xep-hang/", views.leaderboard, name="leaderboard"),
    path("do-vui/<slug:slug>/xep-hang/truong/<int:school_id>/", views.leaderboard, name="school_leaderboard"),
]
