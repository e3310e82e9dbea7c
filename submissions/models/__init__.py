from submissions.models.entries import Entry, EntryEvent, EntrySequence, TeamMember
from submissions.models.media import MediaAsset

__all__ = ["Entry", "EntryEvent", "EntrySequence", "MediaAsset", "TeamMember"]
