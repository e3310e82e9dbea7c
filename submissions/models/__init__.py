# The choices live in submissions.enums; they are re-exported here for the code that reads them with models.
from submissions.enums import (
    GUARDIAN_CONSENT_BELOW_AGE,
    ConsentGiver,
    ConsentMethod,
    ConsentPurpose,
    JobState,
    SafeguardingCategory,
    SafeguardingStatus,
    UploadBackend,
    UploadState,
)
from submissions.models.consent import Consent, GuardianConsentRequest
from submissions.models.entries import Entry, EntryEvent, EntrySequence, TeamMember
from submissions.models.identity import IdentityFinding, JudgeCopy
from submissions.models.jobs import MediaJob
from submissions.models.media import MediaAsset
from submissions.models.safeguarding import SafeguardingFlag, SafeguardingNote
from submissions.models.uploads import UploadSession

__all__ = [
    "GUARDIAN_CONSENT_BELOW_AGE",
    "Consent",
    "ConsentGiver",
    "ConsentMethod",
    "ConsentPurpose",
    "Entry",
    "EntryEvent",
    "EntrySequence",
    "GuardianConsentRequest",
    "IdentityFinding",
    "JobState",
    "JudgeCopy",
    "MediaAsset",
    "MediaJob",
    "SafeguardingCategory",
    "SafeguardingFlag",
    "SafeguardingNote",
    "SafeguardingStatus",
    "TeamMember",
    "UploadBackend",
    "UploadSession",
    "UploadState",
]
