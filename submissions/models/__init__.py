from submissions.models.entries import Entry, EntryEvent, EntrySequence, TeamMember
from submissions.models.media import MediaAsset
from submissions.models.uploads import UploadBackend, UploadSession, UploadState

__all__ = ["Entry", "EntryEvent", "EntrySequence", "MediaAsset", "TeamMember"]
__all__ += ["UploadBackend", "UploadSession", "UploadState"]
from submissions.models.consent import (  # noqa: E402
    GUARDIAN_CONSENT_BELOW_AGE,
    Consent,
    ConsentGiver,
    ConsentMethod,
    ConsentPurpose,
    GuardianConsentRequest,
)
from submissions.models.safeguarding import (  # noqa: E402
    SafeguardingCategory,
    SafeguardingFlag,
    SafeguardingNote,
    SafeguardingStatus,
)

__all__ += ["GUARDIAN_CONSENT_BELOW_AGE", "Consent", "ConsentGiver", "ConsentMethod", "ConsentPurpose"]
__all__ += ["GuardianConsentRequest", "SafeguardingCategory", "SafeguardingFlag", "SafeguardingNote"]
__all__ += ["SafeguardingStatus"]
from submissions.models.jobs import JobState, MediaJob  # noqa: E402

__all__ += ["JobState", "MediaJob"]
