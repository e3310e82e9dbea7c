from submissions.services.entries import create_entry, submit_entry, withdraw_entry
from submissions.services.lifecycle import transition_entry
from submissions.services.uploads import store_file

__all__ = ["transition_entry"]
__all__ += ["create_entry", "store_file", "submit_entry", "withdraw_entry"]
from submissions.services.consent import refresh_consent_complete, refresh_entry_consent  # noqa: E402
from submissions.services.screening import screen_entries, screen_entry  # noqa: E402

__all__ += ["refresh_consent_complete", "refresh_entry_consent", "screen_entries", "screen_entry"]
