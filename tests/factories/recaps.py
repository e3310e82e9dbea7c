"""Challenges with public clips whose renditions are real videos (a colour and a tone each), and recaps."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from challenges.enums import ClipState
from challenges.models import Challenge, Clip
from privacy.enums import ConsentPurpose
from recaps.models import Recap
from tests.factories import EntrantFactory
from tests.factories.privacy import give_full_consent
from tests.factories.recap_clips import COLOURS, FREQUENCIES, ClipRecipe, make_clip

PUBLIC_PURPOSES = (ConsentPurpose.PARTICIPATION, ConsentPurpose.DISPLAY_WORK, ConsentPurpose.DISPLAY_IDENTITY)


def make_challenge(**overrides) -> Challenge:
    now = timezone.now()
    fields = {
        "title": "Thử thách “Không một mình”",
        "slug": f"thu-thach-{Challenge.objects.count() + 1}",
        "prompt": "Quay một clip ngắn: em làm gì khi người lạ trên mạng rủ gặp riêng?",
        "hashtag": "#khongmotminh",
        "opens_at": now - timedelta(days=3),
        "closes_at": now + timedelta(days=10),
    } | overrides
    return Challenge.objects.create(**fields)


def make_public_clip(
    challenge: Challenge, work: Path, index: int, *, author=None, seconds: float = 2.0
) -> Clip:
    """An approved clip on the wall, its author consenting to show work and name; its 720p rendition is
    a real video recognisable by COLOURS[index] and FREQUENCIES[index]."""
    author = author or EntrantFactory(full_name=f"Nguyễn Thị Ánh {index + 1}")
    give_full_consent(author, purposes=PUBLIC_PURPOSES)
    video = make_clip(work / f"clip-{index}.mp4", colour=COLOURS[index][0], frequency=FREQUENCIES[index],
                      recipe=ClipRecipe(seconds=seconds))  # fmt: skip
    data = video.read_bytes()
    clip = Clip(
        challenge=challenge,
        author=author,
        state=ClipState.APPROVED,
        on_wall=True,
        caption="Đừng đi gặp người lạ một mình!",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        original_name="clip.mp4",
        approved_at=timezone.now() - timedelta(minutes=index),
        probe={"duration_seconds": seconds, "width": 320, "height": 180},
    )
    clip.original.save(f"clips/originals/{index}-{clip.upload_key}", ContentFile(data), save=False)
    key = f"clips/renditions/{clip.upload_key}/video_720.mp4"
    storages["private"].save(key, ContentFile(data))
    clip.renditions = [
        {"name": "video_720.mp4", "mime": "video/mp4", "width": 320, "height": 180, "key": key}
    ]
    clip.save()
    return clip


def make_recap(challenge: Challenge, **overrides) -> Recap:
    fields = {
        "title": "Ngày hội An toàn trực tuyến",
        "end_text": "Cảm ơn các bạn!",
        "shape": "16:9",
    } | overrides
    return Recap.objects.create(challenge=challenge, **fields)
