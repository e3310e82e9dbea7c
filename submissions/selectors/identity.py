"""Reads of identity screening: what judges see of an entry, and the findings organisers resolve."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from submissions.enums import FindingStatus
from submissions.models import Entry, IdentityFinding, JudgeCopy, MediaAsset


@dataclass(frozen=True)
class JudgeVersion:
    """The approved, judge-facing words of an entry and the blurred renditions that replace originals."""

    title: str
    statement: str
    text: str
    file_texts: dict[int, str] = field(default_factory=dict)
    renditions: dict[int, dict[str, str]] = field(default_factory=dict)
    checked_assets: frozenset[int] = frozenset()


def judge_version(*, entry: Entry) -> JudgeVersion:
    """What judges read: the screened copy once the entry has been searched; the entrant's words before
    that (an entry is searched when it is submitted, so only entries older than the search lack one)."""
    copy = JudgeCopy.objects.filter(entry_id=entry.pk).first()
    if copy is None:
        return JudgeVersion(entry.title, entry.statement, entry.text)
    return JudgeVersion(
        title=copy.title,
        statement=copy.statement,
        text=copy.text,
        file_texts={int(k): v for k, v in (copy.file_texts or {}).items()},
        renditions={int(k): v for k, v in (copy.renditions or {}).items()},
        checked_assets=frozenset(int(k) for k in (copy.checked_assets or {})),
    )


def judge_renditions(*, asset: MediaAsset, version: JudgeVersion) -> list[dict]:
    """The asset's renditions as judges get them: a blurred copy's key in place of the original's."""
    replaced = version.renditions.get(asset.pk, {})
    return [
        {**r, "key": replaced[r["name"]]} if isinstance(r, dict) and r.get("name") in replaced else r
        for r in asset.renditions or []
    ]


def entry_findings(*, entry: Entry):
    return IdentityFinding.objects.filter(entry=entry).select_related("asset", "reported_by", "resolved_by")


def open_findings_count(queryset):
    """Annotates `open_findings` on a queryset of entries (one aggregate, no query per row)."""
    return queryset.annotate(
        open_findings=Count(
            "identity_findings", filter=Q(identity_findings__status=FindingStatus.OPEN), distinct=True
        )
    )
