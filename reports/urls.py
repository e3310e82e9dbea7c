from django.urls import path

from reports.views import coordinator

app_name = "reports"

urlpatterns = [
    path("giao-vien/bao-cao-hoat-dong/", coordinator.periods, name="periods"),
    path("giao-vien/bao-cao-hoat-dong/<int:period_id>/", coordinator.activity_report, name="activity_report"),
    path("giao-vien/bao-cao-hoat-dong/<int:period_id>/anh/", coordinator.add_photo, name="add_photo"),
    path("giao-vien/anh-hoat-dong/<int:photo_id>/", coordinator.photo_file, name="photo"),
    path("giao-vien/anh-hoat-dong/<int:photo_id>/xoa/", coordinator.remove_photo, name="remove_photo"),
]
