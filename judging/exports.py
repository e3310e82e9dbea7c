"""Rows of the organisers' exports: every sheet with its judge, and the ranking with entrants joined back."""

from django.db.models import Q

from judging.models import Assignment, Round, Score
from judging.selectors import rubric_criteria
from judging.services.aggregation import compute_ranking
from submissions.models import Entry


def score_rows(*, round_: Round) -> tuple[list[str], list[list]]:
    """Every sheet of the round, and every active assignment still without one (state "Chưa chấm"), so a
    judge who never opened an entry shows as a row rather than vanishing."""
    criteria = rubric_criteria(rubric_id=round_.rubric_id)
    assignments = (
        Assignment.objects.filter(round=round_)
        .filter(Q(active=True) | Q(sheet__isnull=False))
        .select_related("judge", "entry", "sheet")
        .order_by("entry__code", "judge__email")
    )
    scores: dict[int, dict[int, str]] = {}
    for sheet_id, criterion_id, value in Score.objects.filter(sheet__assignment__round=round_).values_list(
        "sheet_id", "criterion_id", "value"
    ):
        scores.setdefault(sheet_id, {})[criterion_id] = value
    header = [
        "Mã bài",
        "Giám khảo",
        "E-mail giám khảo",
        "Còn hiệu lực",
        "Trạng thái",
        *[c.name for c in criteria],
    ]
    header += ["Tổng (thang 100)", "Nhận xét gửi BTC", "Nhận xét gửi thí sinh", "Nộp lúc"]
    rows = []
    for a in assignments:
        sheet = getattr(a, "sheet", None)
        if sheet is None:
            rows.append(
                [a.entry.code, a.judge.full_name, a.judge.email, "có", "Chưa chấm"]
                + [None] * len(criteria)
                + [None, "", "", ""]
            )
            continue
        rows.append(
            [
                a.entry.code,
                a.judge.full_name,
                a.judge.email,
                "có" if a.active else "không",
                sheet.get_state_display(),
                *[scores.get(sheet.pk, {}).get(c.pk) for c in criteria],
                sheet.total,
                sheet.comment_organisers,
                sheet.comment_entrant,
                sheet.submitted_at.isoformat() if sheet.submitted_at else "",
            ]
        )
    return header, rows


def ranking_rows(*, round_: Round) -> tuple[list[str], list[list]]:
    ranking = compute_ranking(round_=round_)
    entries = Entry.objects.select_related("lead_entrant__school", "division").in_bulk(
        [r.entry_id for r in ranking]
    )
    header = [
        "Bảng",
        "Hạng",
        "Hạng theo điểm",
        "Mã bài",
        "Điểm",
        "Số phiếu",
        "Độ lệch chuẩn",
        "Lệch điểm cao",
        "Phân hạng đồng điểm",
        "Thí sinh",
        "E-mail",
        "Trường",
        "Tên tác phẩm",
    ]
    rows = []
    for r in ranking:
        entry = entries[r.entry_id]
        lead = entry.lead_entrant
        rows.append(
            [
                str(entry.division) if entry.division else "",
                r.rank,
                r.score_rank,
                r.code,
                r.score,
                r.sheets,
                round(r.spread, 3),
                "có" if r.disagreement else "",
                r.tie_broken_by,
                lead.full_name if lead else "",
                lead.email if lead else "",
                str(lead.school) if lead and lead.school else (lead.school_other if lead else ""),
                entry.title,
            ]
        )
    return header, rows
