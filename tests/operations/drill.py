"""A campaign worth restoring, built the way people build it: the demo site (pages in both languages,
schools, contests, people), an entry of every contest kind whose files went through the real pipeline, with
consents, and a judging round with a submitted score sheet. Used by the restore drills in-process
(PostgreSQL + S3) and in a child process (the embedded default)."""

import hashlib
import re
from pathlib import Path

from django.test import Client

_SIGNED_MEDIA = re.compile(rb"/cham-thi/tep/[^\"'/]+/")
_VOLATILE = re.compile(rb'(nonce="[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"|csrftoken=[^;]*)')


def seed_campaign(tmp_path: Path) -> None:
    from cms.demo import load_demo
    from judging.enums import RoundState
    from judging.models import Assignment
    from judging.selectors import sheet_version
    from judging.services.rounds import transition_round
    from judging.services.sheets import save_sheet
    from tests.browser import ensure_wagtail_root
    from tests.factories import JudgeFactory, OrganiserFactory
    from tests.factories.judging import PanelFactory, RoundFactory
    from tests.submissions.test_identity_every_kind import KINDS, processed_entry

    ensure_wagtail_root()
    load_demo()
    entries = []
    for kind in KINDS:
        folder = tmp_path / f"files-{kind.value}"
        folder.mkdir(parents=True, exist_ok=True)
        entries.append(processed_entry(kind, folder)[0])
    drawing = next(e for e in entries if e.contest.kind == "drawing")
    panel = PanelFactory(contest=drawing.contest, judges=[JudgeFactory() for _ in range(3)])
    round_ = RoundFactory(panel=panel, judges_per_entry=2)
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=OrganiserFactory())
    assignment = Assignment.objects.filter(round=round_, active=True).first()
    criteria = round_.rubric.criteria.order_by("sort_order")
    save_sheet(
        assignment=assignment,
        actor=assignment.judge,
        scores={c.pk: "7.5" for c in criteria},
        base_version=sheet_version(assignment=assignment),
        submit=True,
    )


def sample_pages() -> dict[str, tuple[int, bytes]]:
    """Public pages, and an entrant's and a judge's pages signed in: status and body without per-request tokens.
    Each page is read twice and the second answer kept: a first visit may change what the page shows (a sheet
    notes when its judge first opened it)."""
    from wagtail.models import Page

    from judging.models import Assignment
    from submissions.models import Entry

    pages = {}
    client = Client()
    live = sorted(page.url for page in Page.objects.live().specific() if page.url)
    for url in live[:12]:
        client.get(url)
        response = client.get(url)
        pages[url] = (response.status_code, _VOLATILE.sub(b"", response.content))
    assignment = Assignment.objects.filter(active=True).order_by("pk").first()
    entry = Entry.objects.filter(lead_entrant__isnull=False, assets__isnull=False).order_by("pk").first()
    for user, url in (
        (assignment.judge if assignment else None, f"/cham-thi/bai/{assignment.pk}/" if assignment else ""),
        (entry.lead_entrant if entry else None, "/bai-du-thi/"),
        (entry.lead_entrant if entry else None, f"/bai-du-thi/{entry.pk}/" if entry else ""),
    ):
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        client.get(url)
        response = client.get(url)
        body = _SIGNED_MEDIA.sub(
            lambda link, c=client: _digest_of(c, link.group().decode()), response.content
        )
        client.logout()  # leaves no session row behind: the inventory stays as it was
        pages[f"{user.email} {url}"] = (response.status_code, _VOLATILE.sub(b"", body))
    return pages


def _digest_of(client, url: str) -> bytes:
    """A judge's media link is signed with the time; what must survive a restore is the file it opens."""
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return f"media:{response.status_code}:{hashlib.sha256(body).hexdigest()}".encode()
