from django.urls import path

from helpline.views import officer, public

app_name = "helpline"

urlpatterns = [
    path("tro-giup/", public.start, name="start"),
    path("tro-giup/da-gui/", public.done, name="done"),
    path("tro-giup/kiem-tra/", public.check, name="check"),
    path("tro-giup/kiem-tra/viet-them/", public.follow_up, name="follow_up"),
    path("tro-giup/can-bo/", officer.queue, name="officer_queue"),
    path("tro-giup/can-bo/<int:pk>/", officer.report_detail, name="officer_report"),
    path("tro-giup/can-bo/<int:pk>/anh/<int:evidence_pk>/", officer.evidence_file, name="officer_evidence"),
    path(
        "tro-giup/can-bo/<int:pk>/anh/<int:evidence_pk>/goc/",
        officer.evidence_file,
        {"original": True},
        name="officer_evidence_original",
    ),
    path("tro-giup/can-bo/<int:pk>/<slug:action>/", officer.report_action, name="officer_action"),
]
