from django.urls import path, re_path

from judging import views

app_name = "judging"

urlpatterns = [
    path("cham-thi/", views.home, name="home"),
    path("cham-thi/khai-bao/", views.declare, name="declare"),
    path("cham-thi/vong/<int:round_id>/", views.queue, name="queue"),
    path("cham-thi/dat-mat-khau/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
    path("cham-thi/bai/<int:assignment_id>/", views.score, name="score"),
    path("cham-thi/bai/<int:assignment_id>/luu/", views.autosave, name="autosave"),
    path("cham-thi/bai/<int:assignment_id>/xung-dot/", views.declare_conflict, name="declare_conflict"),
    path("cham-thi/bai/<int:assignment_id>/lo-danh-tinh/", views.report_identity, name="report_identity"),
    path("cham-thi/tep/<str:token>/", views.media_file, name="media"),
    path("cham-thi/vong/<int:round_id>/dieu-hanh/", views.oversee, name="oversee"),
    path("cham-thi/vong/<int:round_id>/chuyen-trang-thai/", views.transition, name="transition"),
    path("cham-thi/vong/<int:round_id>/phan-cong/", views.assignment_plan, name="assignment_plan"),
    path("cham-thi/vong/<int:round_id>/phan-cong/luu/", views.save_assignment, name="save_assignment"),
    path("cham-thi/vong/<int:round_id>/chuyen-bai/", views.reassign, name="reassign"),
    path("cham-thi/vong/<int:round_id>/nhac-giam-khao/", views.remind, name="remind"),
    path("cham-thi/vong/<int:round_id>/them-giam-khao/", views.add_judge, name="add_judge"),
    path("cham-thi/vong/<int:round_id>/dong-diem/", views.tie_break, name="tie_break"),
    path("cham-thi/vong/<int:round_id>/xep-hang/", views.ranking, name="ranking"),
    path("cham-thi/vong/<int:round_id>/vao-vong-trong/", views.advance, name="advance"),
    path("cham-thi/phieu/<int:sheet_id>/sua/", views.amend_sheet, name="amend_sheet"),
    re_path(
        r"^cham-thi/vong/(?P<round_id>\d+)/xuat/(?P<kind>diem|xep-hang)\.(?P<fmt>csv|xlsx)$",
        views.export,
        name="export",
    ),
]
