# The choices live in submissions.enums; they are re-exported here for the code that reads them with models.
from submissions.enums import JobState, UploadBackend, UploadState
from submissions.models.entries import Entry, EntryEvent, EntrySequence, TeamMember
from submissions.models.identity import IdentityFinding, JudgeCopy
from submissions.models.jobs import MediaJob
from submissions.models.media import MediaAsset
from submissions.models.uploads import UploadSession

__all__ = [
    "Entry",
    "EntryEvent",
    "EntrySequence",
    "IdentityFinding",
    "JobState",
    "JudgeCopy",
    "MediaAsset",
    "MediaJob",
    "TeamMember",
    "UploadBackend",
    "UploadSession",
    "UploadState",
]
