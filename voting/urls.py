"""Public URLs of the vote (namespace "voting"): a work is addressed by its random public key only."""

from django.urls import path

from voting.views import public

app_name = "voting"

urlpatterns = [
    path("ket-qua/bai/<slug:key>/binh-chon/", public.vote, name="vote"),
    path("ket-qua/bai/<slug:key>/rut-binh-chon/", public.withdraw, name="withdraw"),
]
