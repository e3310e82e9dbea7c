from submissions.services.entries import create_entry, submit_entry, withdraw_entry
from submissions.services.lifecycle import transition_entry
from submissions.services.uploads import store_file

__all__ = ["transition_entry"]
__all__ += ["create_entry", "store_file", "submit_entry", "withdraw_entry"]
from submissions.services.consent import (  # noqa: E402
    record_guardian_decision,
    record_paper_consent,
    refresh_consent_complete,
    refresh_entry_consent,
    request_guardian_consent,
    set_own_consents,
    withdraw_guardian_consent,
)
from submissions.services.data_rights import delete_personal_data, export_personal_data  # noqa: E402
from submissions.services.retention import purge_personal_data  # noqa: E402
from submissions.services.safeguarding import add_safeguarding_note, raise_safeguarding_flag  # noqa: E402
from submissions.services.screening import screen_entries, screen_entry  # noqa: E402

__all__ += ["record_guardian_decision", "record_paper_consent", "refresh_consent_complete"]
__all__ += [
    "refresh_entry_consent",
    "request_guardian_consent",
    "set_own_consents",
    "withdraw_guardian_consent",
]
__all__ += ["delete_personal_data", "export_personal_data", "purge_personal_data"]
__all__ += ["add_safeguarding_note", "raise_safeguarding_flag", "screen_entries", "screen_entry"]
