"""What challenges stores about people, declared to the privacy registry: the clips a person sent (with
their files), their unfinished uploads and the clips' history."""

from django.utils.translation import gettext_lazy as _

from challenges.models import Clip, ClipEvent, ClipJob, ClipUpload
from challenges.services.moderation import refresh_wall_for, withdraw_clip_from_public
from privacy.registry import declare_exempt, register, register_consent_listener
from privacy.services.data_rights import delete_private_files_on_commit, iso


def export_clips(*, user) -> list[dict]:
    clips = Clip.objects.filter(author=user).select_related("challenge").prefetch_related("events")
    return [
        {
            "challenge": clip.challenge.title,
            "caption": clip.caption,
            "state": clip.state,
            "wants_credit": clip.wants_credit,
            "file": {"name": clip.original_name, "size": clip.size, "sha256": clip.sha256},
            "rejection_reason": clip.rejection_reason,
            "sent_at": iso(clip.created_at),
            "approved_at": iso(clip.approved_at),
            "history": [
                {"from": ev.from_state, "to": ev.to_state, "reason": ev.reason, "at": iso(ev.created_at)}
                for ev in clip.events.all()
            ],
        }
        for clip in clips
    ]


def clip_files(*, user):
    for clip in Clip.objects.filter(author=user):
        yield clip.original.name, f"clips/{clip.pk}-{clip.original_name or 'clip'}"


def erase_clips(*, user, actor, reason) -> int:
    """Takes every clip of `user` off the wall (the recap hears of it), then deletes clips and files."""
    clips = list(Clip.objects.filter(author=user))
    for clip in clips:
        withdraw_clip_from_public(clip=clip, actor=actor, reason=reason or "erased")
    keys = [clip.original.name for clip in clips]
    keys += [r.get("key") for clip in clips for r in (clip.renditions or []) if isinstance(r, dict)]
    Clip.objects.filter(pk__in=[clip.pk for clip in clips]).delete()
    delete_private_files_on_commit([key for key in keys if key])
    return len(clips)


def erase_clip_uploads(*, user, actor, reason) -> int:
    deleted, _by_model = ClipUpload.objects.filter(created_by=user).delete()
    return deleted


register(
    Clip,
    key="challenge_clips",
    keep=_(
        "Đến khi người gửi rút clip hoặc xoá tài khoản; khi xoá, clip được gỡ khỏi trang công khai, "
        "tệp gốc và mọi bản chuyển đổi bị xoá."
    ),
    export=export_clips,
    files=clip_files,
    erase=erase_clips,
    order=12,
)
register(
    ClipUpload,
    key="challenge_clip_uploads",
    keep=_("Đến khi tải lên xong hoặc bị huỷ; xoá cùng clip."),
    erase=erase_clip_uploads,
    order=11,
)
declare_exempt(ClipEvent, reason="history of one clip; deleted with the clip (CASCADE), exported with it")
declare_exempt(ClipJob, reason="processing bookkeeping of one clip; deleted with the clip (CASCADE)")

# A withdrawn consent takes the author's clips off the wall in the same transaction (and tells the recap).
register_consent_listener(refresh_wall_for)
