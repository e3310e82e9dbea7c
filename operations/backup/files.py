"""The files half of a backup: every object of the private and the public store, by key, through one class
per kind of storage (a folder on disk, or an S3 bucket listed with boto3 — django-storages' listdir walks
one level per request, a listing of the bucket is one paged request per thousand objects)."""

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages

STORES = ("private", "default")
CHUNK = 1024 * 1024


def sha256_of(handle) -> str:
    digest = hashlib.sha256()
    while block := handle.read(CHUNK):
        digest.update(block)
    return digest.hexdigest()


class FolderStore:
    def __init__(self, storage: FileSystemStorage):
        self.storage = storage
        self.root = Path(storage.location)

    def object_keys(self) -> Iterator[str]:
        if not self.root.exists():
            return
        for path in sorted(self.root.rglob("*")):
            if path.is_file():
                yield path.relative_to(self.root).as_posix()

    def read_to(self, key: str, out: Path) -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.root / key, out)

    def write_from(self, key: str, source: Path) -> None:
        dest = self.root / key
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)

    def wipe(self) -> None:
        if self.root.exists():
            for child in self.root.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()


class BucketStore:
    def __init__(self, storage):
        self.storage = storage
        self.bucket = storage.bucket
        self.prefix = (storage.location or "").strip("/")
        self.prefix = f"{self.prefix}/" if self.prefix else ""

    def object_keys(self) -> Iterator[str]:
        for obj in self.bucket.objects.filter(Prefix=self.prefix):
            yield obj.key[len(self.prefix) :]

    def read_to(self, key: str, out: Path) -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        self.bucket.download_file(self.prefix + key, str(out))

    def write_from(self, key: str, source: Path) -> None:
        self.bucket.upload_file(str(source), self.prefix + key)

    def wipe(self) -> None:
        self.bucket.objects.filter(Prefix=self.prefix).delete()


def store_for(alias: str):
    storage = storages[alias]
    if isinstance(storage, FileSystemStorage):
        return FolderStore(storage)
    if hasattr(storage, "bucket"):
        return BucketStore(storage)
    raise RuntimeError(f"no backup for the storage {type(storage).__name__}")
