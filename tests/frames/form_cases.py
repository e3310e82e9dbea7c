"""Hostile text for the frames app (tests/security/test_form_input.py): the one typed field is the frame's
title in the admin. The public form takes a choice, a file and two options; the count takes an id."""

import io

from django.urls import reverse

from frames.forms_admin import FrameAdminForm
from tests.factories.frames import frame_png
from tests.security.cases import Case

NO_TYPED_TEXT = {"FramePhotoForm", "DownloadBeaconForm"}


def _frame_upload() -> io.BytesIO:
    upload = io.BytesIO(frame_png(200, 200, tagged=False))
    upload.name = "khung.png"
    return upload


def cases() -> dict[str, Case]:
    return {
        "frame upload": Case(
            FrameAdminForm,
            "organiser",
            lambda w: reverse("wagtailsnippets_frames_frame:add"),
            lambda w: {
                "title": "Khung Không một mình",
                "kind": "avatar",
                "width": "200",
                "height": "200",
                "is_public": "on",
                "sort_order": "0",
                "image": _frame_upload(),
            },
            ["title"],
            refused=frozenset({400}),
        ),
    }
