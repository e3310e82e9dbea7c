"""Throughput of the media pipeline on a folder of phone-like photos.

Makes (once, kept in the temp folder) a mix of 12 MP JPEGs with EXIF, GPS and orientation, PNG
screenshots, WebP pictures and HEIC photos, then reports how many files per second are probed and how
many are fully processed (decoded, turned upright, WebP + JPEG at three widths).

    python bench/images.py [--files 24]

The last line is a one-line summary.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pillow_heif
from PIL import Image, ImageDraw

from submissions.media import MediaKind, MediaLimits, probe_file, process_file

pillow_heif.register_heif_opener()

# (suffix, Pillow format, size) in the proportions a phone gallery has.
MIX: tuple[tuple[str, str, tuple[int, int]], ...] = (
    (".jpg", "JPEG", (4032, 3024)),
    (".jpg", "JPEG", (4032, 3024)),
    (".png", "PNG", (1080, 2340)),
    (".webp", "WEBP", (2048, 1536)),
    (".heic", "HEIF", (4032, 3024)),
    (".jpg", "JPEG", (3024, 4032)),
)


def photo(size: tuple[int, int], seed: int) -> Image.Image:
    width, height = size
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    grain = Image.effect_noise((width // 4, height // 4), 30 + seed % 20).resize(size).convert("RGB")
    picture = Image.blend(base, grain, 0.5)
    draw = ImageDraw.Draw(picture)
    for index in range(12):
        x, y = (seed * 97 + index * 331) % width, (seed * 57 + index * 211) % height
        draw.ellipse((x, y, x + width // 6, y + height // 6), fill=(40 * index % 255, 90, 200 - 10 * index))
    return picture


def phone_exif(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "Apple", "iPhone 15 Pro", orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (21.0, 1.0, 42.6), "E", (105.0, 51.0, 15.0)
    return exif


def make_folder(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for index in range(count):
        suffix, image_format, size = MIX[index % len(MIX)]
        path = folder / f"IMG_{index:04d}{suffix}"
        if not path.exists():
            options = {"quality": 88}
            if image_format in ("JPEG", "WEBP", "HEIF"):
                options["exif"] = phone_exif(6 if index % 3 == 0 else 1).tobytes()
            photo(size, index).save(path, image_format, **options)
        files.append(path)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=24)
    args = parser.parse_args()
    work = Path(tempfile.gettempdir()) / "khongmotminh-bench"
    limits = MediaLimits()
    print(f"making {args.files} phone-like photos (kept in {work / 'photos'})...", flush=True)
    files = make_folder(work / "photos", args.files)
    megapixels = sum(Image.open(path).width * Image.open(path).height for path in files) / 1e6

    started = time.perf_counter()
    for path in files:
        probe_file(path, MediaKind.IMAGE, limits)
    probe_seconds = time.perf_counter() - started
    print(f"probe: {len(files)} files in {probe_seconds:.3f} s = {len(files) / probe_seconds:.0f} files/s")

    out = work / "photo-renditions"
    shutil.rmtree(out, ignore_errors=True)
    per_format: dict[str, list[float]] = {}
    started = time.perf_counter()
    for path in files:
        one = time.perf_counter()
        process_file(path=path, kind=MediaKind.IMAGE, out_dir=out / path.stem, limits=limits)
        per_format.setdefault(path.suffix, []).append(time.perf_counter() - one)
    render_seconds = time.perf_counter() - started
    for suffix, times in sorted(per_format.items()):
        print(f"renditions {suffix}: {len(times)} files, {sum(times) / len(times):.2f} s each")
    print(
        f"renditions: {len(files)} files ({megapixels:.0f} MP) in {render_seconds:.1f} s = "
        f"{len(files) / render_seconds:.2f} files/s, {megapixels / render_seconds:.1f} MP/s"
    )
    print(
        f"summary: {len(files)} photos: probe {len(files) / probe_seconds:.0f} files/s, "
        f"renditions {len(files) / render_seconds:.2f} files/s ({megapixels / render_seconds:.1f} MP/s)"
    )


if __name__ == "__main__":
    main()
