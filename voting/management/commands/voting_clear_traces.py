"""Clears the address and device hashes of votes whose contest's vote closed long ago (daily)."""

from django.core.management.base import BaseCommand

from voting.services.traces import TRACE_DAYS, clear_vote_traces


class Command(BaseCommand):
    help = f"Clears vote traces (address and device hashes) {TRACE_DAYS} days after a vote closed."

    def handle(self, *args, **options):
        count = clear_vote_traces()
        self.stdout.write(f"{count} votes cleared")
