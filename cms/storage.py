from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Originals on local disk: there is no URL to them; they go out only through a permission-checked view."""

    def url(self, name):
        raise ValueError("This file is not accessible via a URL.")
