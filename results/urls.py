from django.urls import path

from results import views

app_name = "results"

urlpatterns = [
    path("ket-qua/", views.home, name="home"),
    path("ket-qua/cuoc-thi/<int:contest_id>/", views.detail, name="detail"),
    path("ket-qua/cuoc-thi/<int:contest_id>/dong-hang/", views.decide_tie, name="decide_tie"),
    path("ket-qua/cuoc-thi/<int:contest_id>/phan-bo/", views.allocate, name="allocate"),
    path("ket-qua/cuoc-thi/<int:contest_id>/dieu-chinh/", views.adjust, name="adjust"),
    path("ket-qua/cuoc-thi/<int:contest_id>/dong-ky/", views.cosign, name="cosign"),
    path("ket-qua/cuoc-thi/<int:contest_id>/mo-lai/", views.reopen, name="reopen"),
    path(
        "ket-qua/cuoc-thi/<int:contest_id>/chuyen-giai/<int:award_id>/", views.reallocate, name="reallocate"
    ),
    path("ket-qua/cuoc-thi/<int:contest_id>/nhan-xet/", views.feedback, name="feedback"),
    path("ket-qua/cuoc-thi/<int:contest_id>/nhan-xet/tong-hop/", views.collect_feedback, name="collect"),
    path(
        "ket-qua/cuoc-thi/<int:contest_id>/nhan-xet/<int:comment_id>/",
        views.review_comment,
        name="review_comment",
    ),
    path("ket-qua/cuoc-thi/<int:contest_id>/nhan-xet/gui/", views.release_feedback, name="release"),
    path("ket-qua/cuoc-thi/<int:contest_id>/nhan-xet/xem-diem/", views.show_scores, name="show_scores"),
]
