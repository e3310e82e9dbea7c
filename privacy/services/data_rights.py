"""A person's (or, for a child, a guardian's) right to a copy of their data and to its deletion. Both
walk the registry of personal data, so each app exports and erases its own rows.

Deletion keeps what audit needs, anonymised: the user row (no name, e-mail, birth date, school), entry
codes and states with their history, consent rows without guardian details or scans, and any
safeguarding flag (a legal duty of care outlives the request). What each app keeps is said where it
registers.
"""

import io
import json
import logging
import zipfile

from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.errors import DomainError
from privacy.registry import registry

logger = logging.getLogger(__name__)

ANONYMISED_EMAIL_DOMAIN = "anonymised.invalid"


def is_anonymised(user) -> bool:
    return user.email.endswith("@" + ANONYMISED_EMAIL_DOMAIN)


def iso(value):
    return value.isoformat() if value else None


def personal_data(*, user) -> dict:
    """Everything the registered apps hold about `user`, as plain JSON-ready data."""
    data = {"exported_at": iso(timezone.now())}
    for kind in registry.kinds.values():
        if kind.export is not None:
            data[kind.key] = kind.export(user=user)
    return data


def export_personal_data(*, user) -> bytes:
    """A ZIP with data.json and every private file the registered apps name for `user` (originals of
    entries, paper consent scans). Reads only; files are streamed from storage into the archive."""
    data = personal_data(user=user)
    private = storages["private"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for kind in registry.kinds.values():
            for key, name in kind.files(user=user) if kind.files is not None else ():
                _copy_into(archive, private, key, name)
    return buffer.getvalue()


def _copy_into(archive, storage, key, name):
    try:
        with storage.open(key, "rb") as source, archive.open(name, "w") as target:
            while block := source.read(1024 * 1024):
                target.write(block)
    except (FileNotFoundError, OSError):
        logger.warning("A stored file is missing from the export: %s", key)


def _delete_keys(keys) -> None:
    private = storages["private"]
    for key in keys:
        try:
            private.delete(key)
        except OSError:
            logger.exception("Could not delete %s", key)


def delete_private_files_on_commit(keys) -> int:
    """For erase functions: removes these private files once the deletion has committed."""
    unique = sorted({k for k in keys if k})
    transaction.on_commit(lambda: _delete_keys(unique))
    return len(unique)


@transaction.atomic
def delete_personal_data(*, user, actor=None, reason: str = "") -> dict:
    """Erases `user`'s personal data now, app by app in the registry's erase order (the account last).
    Returns what each app erased. Sends nothing. Requests from people go through `schedule_deletion`;
    this runs when the grace period is over, and for retention."""
    if is_anonymised(user):
        raise DomainError(_("Dữ liệu của tài khoản này đã được xoá."))
    reason = reason or _("Xoá dữ liệu cá nhân theo yêu cầu")
    return {
        kind.key: kind.erase(user=user, actor=actor, reason=reason)
        for kind in registry.in_erase_order()
        if kind.erase is not None
    }
