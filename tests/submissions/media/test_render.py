import av
import pytest
from PIL import Image
from pypdf import PdfReader

from submissions.media.limits import MediaKind, MediaLimits
from submissions.media.render import make_renditions
from submissions.media.render.video import fit_short_side
from submissions.media.results import ProbeResult
from tests.factories import media_files as make

LIMITS = MediaLimits()


@pytest.fixture(scope="module")
def video_renditions(tmp_path_factory, phone_mp4):
    return make_renditions(phone_mp4, MediaKind.VIDEO, tmp_path_factory.mktemp("video"), LIMITS)


@pytest.fixture(scope="module")
def picture_renditions(tmp_path_factory, pictures):
    return {
        name: make_renditions(path, MediaKind.IMAGE, tmp_path_factory.mktemp(name), LIMITS)
        for name, path in pictures.items()
    }


def assert_scrubbed(renditions, *extra_identifiers):
    for rendition in renditions:
        assert make.identifying_fields(rendition.path, extra_identifiers) == [], rendition.name


def stream_facts(path):
    with av.open(str(path)) as container:
        return [(stream.type, stream.codec_context.name) for stream in container.streams], container.metadata


@pytest.mark.parametrize(
    "fixture",
    ["phone_mp4", "rotated_mov", "chaptered_mkv", "phone_jpeg", "essay_pdf", "scripted_pdf", "essay_docx"],
)
def test_identifying_fields_finds_what_the_originals_carry(fixture, request):
    """The scrub checks below would prove nothing if the originals had nothing to find."""
    original = request.getfixturevalue(fixture)

    assert len(make.identifying_fields(original)) >= 2


def test_identifying_fields_finds_audio_tags(audio_files):
    for original in audio_files.values():
        assert make.identifying_fields(original), original.name


def test_make_renditions_writes_fixed_video_names(video_renditions):
    assert [rendition.name for rendition in video_renditions] == [
        "video_720.mp4",
        "video_360.mp4",
        "poster.jpg",
    ]
    assert [rendition.mime for rendition in video_renditions] == ["video/mp4", "video/mp4", "image/jpeg"]


def test_make_renditions_encodes_h264_aac_with_faststart(video_renditions):
    for rendition in video_renditions[:2]:
        streams, tags = stream_facts(rendition.path)
        data = rendition.path.read_bytes()

        assert streams == [("video", "h264"), ("audio", "aac")]
        assert data.index(b"moov") < data.index(b"mdat")
        assert tags == {
            "major_brand": "isom",
            "minor_version": "512",
            "compatible_brands": "isomiso2avc1mp41",
        }
        assert rendition.duration == pytest.approx(2.0, abs=0.05)


def test_make_renditions_scrubs_video_tags(video_renditions, phone_mp4):
    assert make.read_metadata(phone_mp4).get("Keys:Model") == make.DEVICE_MODEL  # the original had them

    assert_scrubbed(video_renditions, phone_mp4.stem)


def test_make_renditions_turns_rotated_phone_video_upright(tmp_path, rotated_mov):
    renditions = make_renditions(rotated_mov, MediaKind.VIDEO, tmp_path, LIMITS)

    for rendition in renditions:
        assert (rendition.width, rendition.height) == (180, 320)
    with av.open(str(renditions[0].path)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (180, 320)
        assert not stream.codec_context.coded_side_data.get("display_matrix")
    with Image.open(renditions[2].path) as poster:
        assert poster.size == (180, 320)
    assert_scrubbed(renditions, rotated_mov.stem)


def test_make_renditions_drops_chapters_and_tags_of_mkv(tmp_path, chaptered_mkv):
    assert "Chương 1" in str(make.read_metadata(chaptered_mkv))

    renditions = make_renditions(chaptered_mkv, MediaKind.VIDEO, tmp_path, LIMITS)

    for rendition in renditions[:2]:
        with av.open(str(rendition.path)) as container:
            assert len(container.chapters()) == 0
    assert_scrubbed(renditions, "Chương", chaptered_mkv.stem)


@pytest.mark.parametrize("fixture", ["webm_video", "three_gp_video"])
def test_make_renditions_converts_other_containers(tmp_path, fixture, request):
    renditions = make_renditions(request.getfixturevalue(fixture), MediaKind.VIDEO, tmp_path, LIMITS)

    assert stream_facts(renditions[0].path)[0] == [("video", "h264"), ("audio", "aac")]
    assert_scrubbed(renditions)


def test_make_renditions_keeps_silent_video_silent(tmp_path):
    silent = make.make_video(tmp_path / "silent.mp4", seconds=1, audio=False)

    renditions = make_renditions(silent, MediaKind.VIDEO, tmp_path / "out", LIMITS)

    assert stream_facts(renditions[0].path)[0] == [("video", "h264")]


def test_make_renditions_caps_frame_rate_at_30(tmp_path):
    fast = make.make_video(tmp_path / "slowmo.mp4", seconds=1, rate=60, tagged=False)

    renditions = make_renditions(fast, MediaKind.VIDEO, tmp_path / "out", LIMITS)

    with av.open(str(renditions[0].path)) as container:
        assert container.streams.video[0].average_rate == 30


def test_fit_short_side_scales_down_never_up():
    hd = ProbeResult(kind=MediaKind.VIDEO, format="mov", size_bytes=1, width=1920, height=1080)
    portrait = ProbeResult(kind=MediaKind.VIDEO, format="mov", size_bytes=1, width=1080, height=1920)
    small = ProbeResult(kind=MediaKind.VIDEO, format="mov", size_bytes=1, width=320, height=240)
    panorama = ProbeResult(kind=MediaKind.VIDEO, format="mov", size_bytes=1, width=8000, height=1000)

    assert fit_short_side(hd, 720) == (1280, 720)
    assert fit_short_side(portrait, 360) == (360, 640)
    assert fit_short_side(small, 720) == (320, 240)
    assert fit_short_side(panorama, 720) == (1280, 160)


@pytest.mark.parametrize("suffix", [".mp3", ".wav", ".m4a", ".ogg", ".flac"])
def test_make_renditions_writes_aac_and_waveform_for_audio(tmp_path, audio_files, suffix):
    renditions = make_renditions(audio_files[suffix], MediaKind.AUDIO, tmp_path, LIMITS)

    assert [(r.name, r.mime) for r in renditions] == [
        ("audio.m4a", "audio/mp4"),
        ("waveform.png", "image/png"),
    ]
    assert stream_facts(renditions[0].path)[0] == [("audio", "aac")]
    assert renditions[0].duration == pytest.approx(3.0, abs=0.1)
    with Image.open(renditions[1].path) as waveform:
        assert waveform.size == (1200, 240)
    assert_scrubbed(renditions, "bai-hat")


def test_make_renditions_makes_picture_widths_capped_at_original(picture_renditions):
    names = [rendition.name for rendition in picture_renditions["jpeg"]]

    assert names == ["image_480.jpg", "image_480.webp"]


def test_make_renditions_applies_exif_orientation(picture_renditions):
    """The phone photo is stored 640×480, red on the left, with orientation 6 (turn 90° clockwise)."""
    for rendition in picture_renditions["jpeg"]:
        with Image.open(rendition.path) as picture:
            picture = picture.convert("RGB")
            assert picture.size == (480, 640)
            top, bottom = picture.getpixel((240, 40)), picture.getpixel((240, 600))
            assert top[0] > top[2]
            assert bottom[2] > bottom[0]


@pytest.mark.parametrize("name", ["jpeg", "png", "webp", "heic"])
def test_make_renditions_scrubs_pictures(picture_renditions, pictures, name):
    assert "GPS" in str(make.read_metadata(pictures[name])) or name in ("png", "heic")

    for rendition in picture_renditions[name]:
        with Image.open(rendition.path) as picture:
            assert not picture.getexif()
            assert not set(picture.info) & {
                "exif",
                "icc_profile",
                "xmp",
                "comment",
                "XML:com.adobe.xmp",
                "Author",
            }
    assert_scrubbed(picture_renditions[name], pictures[name].stem)


def test_make_renditions_keeps_transparency_in_webp(picture_renditions):
    webp = next(r for r in picture_renditions["png"] if r.name.endswith(".webp"))

    with Image.open(webp.path) as picture:
        assert picture.mode == "RGBA"


def test_make_renditions_makes_three_widths_of_a_large_picture(tmp_path):
    large = make.make_phone_jpeg(tmp_path / "large.jpg", width=3000, height=2000, orientation=1)

    renditions = make_renditions(large, MediaKind.IMAGE, tmp_path / "out", LIMITS)

    assert [(r.name, r.width, r.height) for r in renditions if r.mime == "image/webp"] == [
        ("image_480.webp", 480, 320),
        ("image_1280.webp", 1280, 853),
        ("image_2048.webp", 2048, 1365),
    ]


def test_make_renditions_drops_data_appended_to_a_picture(tmp_path, phone_jpeg, essay_docx):
    payload = essay_docx.read_bytes()
    polyglot = make.appended(phone_jpeg, tmp_path / "photo.jpg", payload)

    renditions = make_renditions(polyglot, MediaKind.IMAGE, tmp_path / "out", LIMITS)

    for rendition in renditions:
        data = rendition.path.read_bytes()
        assert b"PK\x03\x04" not in data
        assert b"word/document.xml" not in data


def test_make_renditions_renders_pdf_pages(tmp_path, essay_pdf):
    renditions = make_renditions(essay_pdf, MediaKind.PDF, tmp_path, LIMITS)

    assert [(r.name, r.width, r.height) for r in renditions] == [
        (f"page_00{number}.webp", 1600, 2263) for number in (1, 2, 3)
    ]
    with Image.open(renditions[0].path) as page:
        assert page.convert("L").getextrema()[0] < 100, "the page has dark text on it"
    assert_scrubbed(renditions, essay_pdf.stem)


def test_make_renditions_renders_scripted_pdf_as_pixels_only(tmp_path, scripted_pdf):
    renditions = make_renditions(scripted_pdf, MediaKind.PDF, tmp_path, LIMITS)

    assert len(renditions) == 3
    for rendition in renditions:
        data = rendition.path.read_bytes()
        assert b"JavaScript" not in data
        assert b"submitForm" not in data
    assert_scrubbed(renditions)


@pytest.mark.parametrize(("fixture", "kind"), [
    ("essay_txt", MediaKind.ESSAY), ("essay_docx", MediaKind.ESSAY), ("essay_pdf", MediaKind.ESSAY),
    ("essay_docx", MediaKind.DOCX),
])  # fmt: skip
def test_make_renditions_writes_clean_essay_text_and_pdf(tmp_path, fixture, kind, request):
    source = request.getfixturevalue(fixture)

    renditions = make_renditions(source, kind, tmp_path, LIMITS)

    assert [(r.name, r.mime) for r in renditions] == [
        ("essay.txt", "text/plain; charset=utf-8"),
        ("essay.pdf", "application/pdf"),
    ]
    text = renditions[0].path.read_text(encoding="utf-8")
    assert "Cùng nhau an toàn trực tuyến" in text
    assert make.ENTRANT not in text, "headers and properties stay out"
    pdf = PdfReader(renditions[1].path)
    assert pdf.metadata is None
    assert "/Metadata" not in pdf.trailer["/Root"]
    assert "Cùng nhau an toàn trực tuyến" in pdf.pages[0].extract_text()
    assert_scrubbed(renditions, source.stem)


def test_make_renditions_of_scripted_pdf_essay_has_no_script(tmp_path, scripted_pdf):
    renditions = make_renditions(scripted_pdf, MediaKind.ESSAY, tmp_path, LIMITS)

    pdf = renditions[1].path.read_bytes()
    assert b"/JavaScript" not in pdf
    assert b"/OpenAction" not in pdf
    assert b"/JS" not in pdf
