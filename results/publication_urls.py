from django.urls import path

from results import publication_views

app_name = "publication"

urlpatterns = [
    path("ket-qua/cuoc-thi/<int:contest_id>/cong-bo/", publication_views.publish, name="publish"),
]
