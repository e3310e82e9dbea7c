"""The figures of the campaign report, registered from the apps that exist today (contest, submissions,
helpline, reports itself). Each is computed by a function of (campaign, since, until).

Wiring another app at merge (e.g. `campaign.selectors.report_counts()` of the challenge clips and frames):

    from campaign.selectors import report_counts
    register_figure(key="challenge_clips", label=_("Clip thử thách"), section=Section.CAMPAIGN,
                    compute=lambda campaign, since, until: report_counts(campaign=campaign)["clips"])

An int becomes a number on the dashboard and in the exports; a {"columns", "rows"} dict becomes a table.
"""

from django.utils.translation import gettext_lazy as _

from challenges.enums import ClipState
from challenges.selectors import report_counts as challenge_counts
from frames.selectors import report_counts as frame_counts
from helpline.selectors import anonymised_breakdown
from reports import selectors
from reports.registry import Section, register_figure
from submissions.enums import EntryState


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _month(value) -> str:
    return f"{value:%m/%Y}"


# --- participation -----------------------------------------------------------------------------------


def schools_total(campaign, since, until) -> int:
    return selectors.target_schools().count()


def schools_taking_part(campaign, since, until) -> int:
    return sum(
        1
        for s in selectors.schools_with_counts(campaign=campaign, since=since, until=until)
        if selectors.taking_part(s)
    )


def participation_percent(campaign, since, until) -> int:
    schools = selectors.schools_with_counts(campaign=campaign, since=since, until=until)
    return _percent(sum(1 for s in schools if selectors.taking_part(s)), len(schools))


def participation_target(campaign, since, until) -> dict:
    schools = selectors.schools_with_counts(campaign=campaign, since=since, until=until)
    part = sum(1 for s in schools if selectors.taking_part(s))
    return {
        "columns": [str(_("Trạng thái")), str(_("Số trường"))],
        "rows": [[str(_("Đã tham gia")), part], [str(_("Chưa tham gia")), len(schools) - part]],
    }


def participation_by_ward(campaign, since, until) -> dict:
    wards: dict[str, list[int]] = {}
    for school in selectors.schools_with_counts(campaign=campaign, since=since, until=until):
        row = wards.setdefault(school.ward, [0, 0, 0, 0])
        row[0] += 1
        row[1] += int(selectors.taking_part(school))
        row[2] += school.entrants
        row[3] += school.entries
    return {
        "columns": [
            str(_("Phường/Xã")),
            str(_("Số trường")),
            str(_("Trường tham gia")),
            str(_("Tỉ lệ (%)")),
            str(_("Thí sinh")),
            str(_("Bài dự thi")),
        ],
        "rows": [
            [ward, total, part, _percent(part, total), entrants, entries]
            for ward, (total, part, entrants, entries) in sorted(wards.items())
        ],
        "chart_columns": [1, 2],
    }


def participation_by_school(campaign, since, until) -> dict:
    return {
        "columns": [
            str(_("Trường")),
            str(_("Phường/Xã")),
            str(_("Cấp học")),
            str(_("Số học sinh")),
            str(_("Thí sinh")),
            str(_("Bài dự thi")),
            str(_("Bài đủ sự đồng ý")),
            str(_("Tham gia")),
            str(_("Giáo viên phụ trách đã kích hoạt")),
        ],
        "rows": [
            [
                s.name,
                s.ward,
                str(s.get_level_display()),
                s.pupil_count if s.pupil_count is not None else "",
                s.entrants,
                s.entries,
                s.entries_consent,
                str(_("Có")) if selectors.taking_part(s) else str(_("Chưa")),
                s.coordinators,
            ]
            for s in selectors.schools_with_counts(campaign=campaign, since=since, until=until)
        ],
    }


def schools_with_coordinator(campaign, since, until) -> int:
    """Schools with a coordinator who has set a password (an invitation not yet answered does not count)."""
    return sum(
        1
        for s in selectors.schools_with_counts(campaign=campaign, since=since, until=until)
        if s.coordinators
    )


def entrants(campaign, since, until) -> int:
    return selectors.entrant_ids(campaign=campaign, since=since, until=until).count()


# --- entries -----------------------------------------------------------------------------------------


def entries_total(campaign, since, until) -> int:
    return selectors.live_entries(campaign=campaign, since=since, until=until).count()


def entries_by_contest_division(campaign, since, until) -> dict:
    rows = selectors.entries_by_contest_division(campaign=campaign, since=since, until=until)
    states = [s for s in EntryState.values if any(r["state"] == s for r in rows)]
    table: dict[tuple, dict[str, int]] = {}
    for row in rows:
        key = (row["contest_id"], row["contest__title"], row["division__name"] or str(_("Chưa xếp bảng")))
        table.setdefault(key, {})[row["state"]] = row["n"]
    return {
        "columns": [
            str(_("Cuộc thi")),
            str(_("Bảng")),
            str(_("Tổng")),
            *[str(EntryState(s).label) for s in states],
        ],
        "rows": [
            [title, division, sum(counts.values()), *[counts.get(s, 0) for s in states]]
            for (_pk, title, division), counts in table.items()
        ],
        "chart_columns": [2],
        "label_columns": [0, 1],
    }


def entries_by_state(campaign, since, until) -> dict:
    counts: dict[str, int] = {}
    for row in selectors.entries_by_contest_division(campaign=campaign, since=since, until=until):
        counts[row["state"]] = counts.get(row["state"], 0) + row["n"]
    return {
        "columns": [str(_("Trạng thái")), str(_("Bài dự thi"))],
        "rows": [[str(EntryState(s).label), counts[s]] for s in EntryState.values if s in counts],
    }


def entries_over_time(campaign, since, until) -> dict:
    return {
        "columns": [str(_("Tháng")), str(_("Bài đã nộp"))],
        "rows": [
            [_month(row["month"]), row["n"]]
            for row in selectors.entries_by_month(campaign=campaign, since=since, until=until)
        ],
    }


# --- consent -----------------------------------------------------------------------------------------


def consent_complete(campaign, since, until) -> int:
    return selectors.consent_counts(campaign=campaign, since=since, until=until)["complete"]


def consent_percent(campaign, since, until) -> int:
    counts = selectors.consent_counts(campaign=campaign, since=since, until=until)
    return _percent(counts["complete"], counts["total"])


def consent_table(campaign, since, until) -> dict:
    counts = selectors.consent_counts(campaign=campaign, since=since, until=until)
    return {
        "columns": [str(_("Sự đồng ý")), str(_("Bài dự thi đã nộp"))],
        "rows": [
            [str(_("Đủ sự đồng ý")), counts["complete"]],
            [str(_("Còn thiếu")), counts["total"] - counts["complete"]],
        ],
    }


# --- schools' activities -----------------------------------------------------------------------------


def _activity_sum(field):
    def compute(campaign, since, until) -> int:
        return sum(
            getattr(s, field)
            for s in selectors.schools_with_counts(campaign=campaign, since=since, until=until)
        )

    return compute


def schools_reported(campaign, since, until) -> int:
    return sum(
        1 for s in selectors.schools_with_counts(campaign=campaign, since=since, until=until) if s.reported
    )


def activities_by_ward(campaign, since, until) -> dict:
    wards: dict[str, list[int]] = {}
    for s in selectors.schools_with_counts(campaign=campaign, since=since, until=until):
        row = wards.setdefault(s.ward, [0, 0, 0, 0, 0])
        for i, value in enumerate([int(s.reported), s.talks, s.participants, s.posters, s.workshops]):
            row[i] += value
    return {
        "columns": [
            str(_("Phường/Xã")),
            str(_("Trường đã báo cáo")),
            str(_("Buổi nói chuyện")),
            str(_("Người tham dự")),
            str(_("Áp phích")),
            str(_("Sinh hoạt chuyên đề")),
        ],
        "rows": [[ward, *values] for ward, values in sorted(wards.items())],
        "chart_columns": [2, 5],
    }


# --- helpline (anonymised) ---------------------------------------------------------------------------


def _helpline(dimension):
    def compute(campaign, since, until) -> dict:
        data = anonymised_breakdown(since=since or campaign.starts_on, until=until or campaign.ends_on)
        if dimension == "total":
            return {
                "columns": [str(_("Tháng")), str(_("Báo cáo xin giúp đỡ"))],
                "rows": [[_month(m), cell] for m, cell in zip(data["months"], data["total"], strict=True)],
            }
        table = data[dimension]
        return {
            "columns": [str(_("Tháng")), *table["columns"]],
            "rows": [[_month(m), *cells] for m, cells in zip(data["months"], table["rows"], strict=True)],
        }

    return compute


HELPLINE_NOTE = _(
    "Chỉ tính các tháng đã kết thúc, không tính báo cáo không nghiêm túc. Ô có từ 1 đến 4 báo cáo ghi "
    "“< 5”; ô ghi “x” được ẩn để không suy ra được ô nhỏ từ tổng của tháng."
)


register_figure(
    key="schools_total",
    label=_("Số trường của thành phố"),
    section=Section.PARTICIPATION,
    compute=schools_total,
    order=10,
)
register_figure(
    key="schools_taking_part",
    label=_("Số trường có thí sinh tham gia"),
    section=Section.PARTICIPATION,
    compute=schools_taking_part,
    order=20,
)
register_figure(
    key="participation_percent",
    label=_("Tỉ lệ trường tham gia (%) so với mục tiêu 100 %"),
    section=Section.PARTICIPATION,
    compute=participation_percent,
    order=30,
)
register_figure(
    key="participation_target",
    label=_("Trường tham gia so với mục tiêu"),
    section=Section.PARTICIPATION,
    compute=participation_target,
    chart="doughnut",
    order=35,
)
register_figure(
    key="schools_with_coordinator",
    label=_("Số trường có giáo viên phụ trách đã kích hoạt tài khoản"),
    section=Section.PARTICIPATION,
    compute=schools_with_coordinator,
    order=38,
)
register_figure(
    key="entrants", label=_("Số thí sinh"), section=Section.PARTICIPATION, compute=entrants, order=40
)
register_figure(
    key="participation_by_ward",
    label=_("Tham gia theo phường/xã"),
    section=Section.PARTICIPATION,
    compute=participation_by_ward,
    chart="bar",
    order=50,
)
register_figure(
    key="entries_total", label=_("Số bài dự thi"), section=Section.ENTRIES, compute=entries_total, order=10
)
register_figure(
    key="entries_by_contest_division",
    label=_("Bài dự thi theo cuộc thi và bảng"),
    section=Section.ENTRIES,
    compute=entries_by_contest_division,
    chart="bar",
    order=20,
)
register_figure(
    key="entries_by_state",
    label=_("Bài dự thi theo trạng thái"),
    section=Section.ENTRIES,
    compute=entries_by_state,
    chart="bar",
    order=30,
)
register_figure(
    key="entries_over_time",
    label=_("Bài dự thi đã nộp theo tháng"),
    section=Section.ENTRIES,
    compute=entries_over_time,
    chart="line",
    order=40,
)
register_figure(
    key="consent_complete",
    label=_("Số bài đã nộp đủ sự đồng ý tham gia"),
    section=Section.CONSENT,
    compute=consent_complete,
    order=10,
)
register_figure(
    key="consent_percent",
    label=_("Tỉ lệ bài đủ sự đồng ý (%)"),
    section=Section.CONSENT,
    compute=consent_percent,
    order=20,
)
register_figure(
    key="consent_table",
    label=_("Sự đồng ý của bài đã nộp"),
    section=Section.CONSENT,
    compute=consent_table,
    chart="doughnut",
    order=30,
)
register_figure(
    key="schools_reported",
    label=_("Số trường đã báo cáo hoạt động"),
    section=Section.ACTIVITIES,
    compute=schools_reported,
    order=10,
)
register_figure(
    key="talks_total",
    label=_("Số buổi nói chuyện, tuyên truyền"),
    section=Section.ACTIVITIES,
    compute=_activity_sum("talks"),
    order=20,
)
register_figure(
    key="participants_total",
    label=_("Số người tham dự"),
    section=Section.ACTIVITIES,
    compute=_activity_sum("participants"),
    order=30,
)
register_figure(
    key="posters_total",
    label=_("Số áp phích, pano đã trưng bày"),
    section=Section.ACTIVITIES,
    compute=_activity_sum("posters"),
    order=40,
)
register_figure(
    key="workshops_total",
    label=_("Số buổi sinh hoạt chuyên đề, hội thảo"),
    section=Section.ACTIVITIES,
    compute=_activity_sum("workshops"),
    order=50,
)
register_figure(
    key="activities_by_ward",
    label=_("Hoạt động theo phường/xã"),
    section=Section.ACTIVITIES,
    compute=activities_by_ward,
    chart="bar",
    order=60,
)
register_figure(
    key="helpline_by_month",
    label=_("Báo cáo xin giúp đỡ theo tháng"),
    section=Section.HELPLINE,
    compute=_helpline("total"),
    chart="line",
    order=10,
    note=HELPLINE_NOTE,
)
register_figure(
    key="helpline_by_concern",
    label=_("Theo điều đang xảy ra"),
    section=Section.HELPLINE,
    compute=_helpline("concern"),
    order=20,
)
register_figure(
    key="helpline_by_urgency",
    label=_("Theo mức khẩn cấp"),
    section=Section.HELPLINE,
    compute=_helpline("urgency"),
    chart="stacked",
    order=30,
)
register_figure(
    key="helpline_by_outcome",
    label=_("Theo kết quả xử lý"),
    section=Section.HELPLINE,
    compute=_helpline("outcome"),
    order=40,
)
register_figure(
    key="participation_by_school",
    label=_("Phụ lục: tham gia theo trường, xếp theo phường/xã"),
    section=Section.ANNEX,
    compute=participation_by_school,
    order=10,
)


# --- the campaign beyond contests -------------------------------------------------------------------------


def challenge_clips(campaign, since, until) -> dict:
    """Clips sent to each challenge, by where they stand (no person in it)."""
    states = [ClipState.APPROVED, ClipState.PENDING, ClipState.REJECTED, ClipState.WITHDRAWN]
    return {
        "columns": [str(_("Thử thách")), str(_("Tổng số clip")), *(str(state.label) for state in states)],
        "rows": [
            [row["title"], row["total"], *(row["by_state"].get(state.value, 0) for state in states)]
            for row in challenge_counts()
        ],
    }


def challenge_clips_approved(campaign, since, until) -> int:
    return sum(row["by_state"].get(ClipState.APPROVED.value, 0) for row in challenge_counts())


register_figure(
    key="challenge_clips_approved",
    label=_("Clip hưởng ứng thử thách được duyệt"),
    section=Section.CAMPAIGN,
    compute=challenge_clips_approved,
    order=10,
)
register_figure(
    key="challenge_clips",
    label=_("Clip hưởng ứng theo thử thách"),
    section=Section.CAMPAIGN,
    compute=challenge_clips,
    chart="bar",
    order=20,
)


def frame_downloads(campaign, since, until) -> int:
    return sum(row.total for row in frame_counts(since=since, until=until))


def frame_downloads_by_frame(campaign, since, until) -> dict:
    """Pictures made with each campaign frame (counted per day, never per person)."""
    return {
        "columns": [str(_("Khung ảnh")), str(_("Trên trình duyệt")), str(_("Trên máy chủ")), str(_("Tổng"))],
        "rows": [
            [row.title, row.in_browser, row.on_server, row.total]
            for row in frame_counts(since=since, until=until)
        ],
    }


register_figure(
    key="frame_downloads",
    label=_("Ảnh đại diện, ảnh bìa tải về với khung chiến dịch"),
    section=Section.CAMPAIGN,
    compute=frame_downloads,
    order=30,
)
register_figure(
    key="frame_downloads_by_frame",
    label=_("Ảnh tải về theo khung"),
    section=Section.CAMPAIGN,
    compute=frame_downloads_by_frame,
    chart="bar",
    order=40,
)
