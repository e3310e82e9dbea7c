from submissions.services.lifecycle import transition_entry

__all__ = ["transition_entry"]
