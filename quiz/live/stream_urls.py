"""The live mode's event streams, under cms.asgi.LIVE_PREFIX (no language prefix: served by Django's ASGI
handler, the data is the same in every language)."""

from django.urls import path

from quiz.live import views

app_name = "quizlive_streams"

urlpatterns = [
    path("do-vui/<int:pk>/", views.phone_stream, name="phone"),
    path("do-vui/<int:pk>/dieu-khien/", views.host_stream, name="host"),
]
