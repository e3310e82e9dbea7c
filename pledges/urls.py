from django.urls import path

from pledges.views import poster, public

app_name = "pledges"

urlpatterns = [
    path("buc-tuong-an-toan-so/", public.wall, name="wall"),
    path("buc-tuong-an-toan-so/so-lieu/", public.counts, name="counts"),
    path("buc-tuong-an-toan-so/ky-ten/", public.sign, name="sign"),
    path("buc-tuong-an-toan-so/truong/<int:school_id>/ap-phich.pdf", poster.school_poster, name="poster"),
]
