import io

import pytest
from PIL import Image

from frames.demo import load_demo_frames
from frames.models import Frame

pytestmark = pytest.mark.django_db


def test_demo_frames_are_real_transparent_frames_and_loading_twice_adds_nothing():
    first = load_demo_frames()
    second = load_demo_frames()
    assert [f.pk for f in first] == [f.pk for f in second]
    assert Frame.objects.count() == 2
    sizes = {}
    for frame in Frame.objects.all():
        with Image.open(io.BytesIO(frame.image.read())) as image:
            assert image.mode == "RGBA"
            assert image.getchannel("A").getextrema()[0] == 0
            sizes[frame.kind] = image.size
    assert sizes == {"avatar": (1080, 1080), "cover": (820, 312)}
