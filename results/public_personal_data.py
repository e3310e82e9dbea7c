"""The gallery's rows about an entry, declared to the privacy registry: erasing a pupil's data takes their
works off every public page and deletes the public copies."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.registry import declare_exempt, register
from results.models import PublicEntry, PublicFile
from submissions.models import Entry


def export_public_entries(*, user) -> list[dict]:
    rows = (
        PublicEntry.objects.filter(Q(entry__lead_entrant=user) | Q(entry__team_members__user=user))
        .select_related("entry")
        .distinct()
    )
    return [
        {"entry": p.entry.code, "title": p.title, "published_at": p.published_at.isoformat()} for p in rows
    ]


def erase_public_entries(*, user, actor, reason) -> int:
    from results.public_files import remove_public_files

    entries = Entry.objects.filter(
        Q(lead_entrant=user) | Q(team_members__user=user), public_entry__isnull=False
    ).distinct()
    return sum(len(remove_public_files(entry=entry)) for entry in entries)


register(
    PublicEntry,
    key="public_works",
    keep=_(
        "Khi kết quả còn công bố và sự đồng ý còn hiệu lực; khi xoá, tác phẩm rời thư viện và các tệp công khai bị xoá."
    ),
    export=export_public_entries,
    erase=erase_public_entries,
    order=5,
)
declare_exempt(PublicFile, reason="copies of scrubbed renditions, erased with their PublicEntry")
