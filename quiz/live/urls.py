"""Pages of the live mode (with the language prefix): phones join at the short /choi/."""

from django.urls import path

from quiz.live import views

app_name = "quizlive"

urlpatterns = [
    path("choi/", views.join, name="join"),
    path("choi/<int:pk>/", views.phone, name="phone"),
    path("choi/<int:pk>/tra-loi/", views.answer, name="answer"),
    path("choi/<int:pk>/cua-em/", views.me, name="me"),
    path("do-vui-truc-tiep/", views.host_index, name="host_index"),
    path("do-vui-truc-tiep/<int:pk>/", views.host, name="host"),
    path("do-vui-truc-tiep/<int:pk>/chuyen/", views.move, name="move"),
]
