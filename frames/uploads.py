"""The no-JavaScript photo upload is held in memory only and dropped with the request: Django's default
handlers would write anything over 2.5 MB to a temporary file."""

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

PHOTO_FIELD = "photo"


class PhotoInMemoryHandler(FileUploadHandler):
    def __init__(self, request=None, *, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.too_large = False
        self.buffer = io.BytesIO()

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.field_name != PHOTO_FIELD:
            raise SkipFile()
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        if self.buffer.tell() + len(raw_data) > self.max_bytes:
            self.too_large = True
            self.buffer = io.BytesIO()
            raise SkipFile()
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        # A neutral name: the person's file name is neither kept nor echoed back.
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name="anh",
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
