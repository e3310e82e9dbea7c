"""Search handed-in entries for what identifies their authors (for entries submitted before the search
existed, or after the names lists changed). Idempotent: findings organisers dismissed stay dismissed.

    manage.py identity_search [--entry CODE ...] [--texts-only]
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from submissions.enums import AssetState, EntryState
from submissions.models import Entry, MediaAsset
from submissions.services.identity import check_asset_identity, check_entry_text


class Command(BaseCommand):
    help = "Search handed-in entries (texts, and files with OCR) for names, schools and contacts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--entry", action="append", default=[], help="an entry code (repeatable)")
        parser.add_argument("--texts-only", action="store_true", help="skip files (no OCR)")

    def handle(self, *args, entry: list[str], texts_only: bool, **options) -> None:
        entries = Entry.objects.exclude(state__in=[EntryState.DRAFT, EntryState.WITHDRAWN]).order_by("pk")
        if entry:
            entries = entries.filter(code__in=entry)
        held = 0
        for each in entries.iterator():
            found = check_entry_text(entry=each)
            if not texts_only:
                for asset_id in MediaAsset.objects.filter(entry=each, state=AssetState.READY).values_list(
                    "pk", flat=True
                ):
                    found += check_asset_identity(asset_id=asset_id)
            each.refresh_from_db(fields=["identity_hold"])
            held += each.identity_hold
            self.stdout.write(f"{each.code}: {found} findings{' (held)' if each.identity_hold else ''}")
        self.stdout.write(f"{held} entries held until screening resolves their findings")
