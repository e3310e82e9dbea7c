"""A coordinator enters a pupil's work for them (a drawing on paper, an essay handed in, a clip on the
teacher's phone): the entry is the pupil's, the coordinator is the actor of every audit row."""

from django.db import transaction

from contest.models import Contest, User
from submissions.models import Entry
from submissions.services.consent import refresh_entry_consent
from submissions.services.entries import create_entry, submit_entry, update_entry
from submissions.services.uploads import store_file


@transaction.atomic
def submit_entry_on_behalf(
    *,
    pupil: User,
    coordinator: User,
    contest: Contest,
    title: str,
    statement: str = "",
    text: str = "",
    files=(),
) -> Entry:
    """Creates the pupil's entry, stores each file, submits it, all or nothing. The coordinator may change
    the entry only inside this call (their own draft); afterwards it is the pupil's. The receipt goes to
    the pupil and the coordinator on commit."""
    entry = create_entry(
        contest=contest, lead_entrant=pupil, actor=coordinator, title=title, statement=statement
    )
    if text.strip():
        update_entry(entry=entry, actor=coordinator, title=title, statement=statement, text=text)
    for upload in files:
        store_file(entry=entry, actor=coordinator, fileobj=upload, original_name=upload.name)
    submit_entry(entry=entry, actor=coordinator)
    refresh_entry_consent(entry=entry)
    return entry
