from django.urls import path

from operations import views

urlpatterns = [
    path("healthz", views.liveness, name="healthz"),
    path("readyz", views.ReadinessView.as_view(), name="readyz"),
    path("readyz/workers", views.WorkersView.as_view(), name="readyz_workers"),
    path("metrics", views.metrics, name="metrics"),
]
