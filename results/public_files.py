"""STAND-IN until helper "gallery" lands its results/public_files.py (theirs wins at merge): copies an
entry's scrubbed renditions to the public store and deletes them again."""

from django.core.files.storage import storages

from submissions.models import MediaAsset


def _public_key(entry, rendition: dict) -> str:
    return f"tac-pham/{entry.code}/{rendition['name']}"


def publish_entry_files(*, entry) -> list[str]:
    public, private = storages["default"], storages["private"]
    keys = []
    for asset in MediaAsset.objects.filter(entry=entry, state="ready").order_by("position"):
        for rendition in asset.renditions:
            key = _public_key(entry, rendition)
            if not public.exists(key):
                with private.open(rendition["key"], "rb") as handle:
                    public.save(key, handle)
            keys.append(key)
    return keys


def remove_public_files(*, entry) -> list[str]:
    public = storages["default"]
    urls = []
    for asset in MediaAsset.objects.filter(entry=entry).order_by("position"):
        for rendition in asset.renditions:
            key = _public_key(entry, rendition)
            if public.exists(key):
                urls.append(public.url(key))
                public.delete(key)
    return urls
