"""The size of a scan upload, checked while it arrives.

``intake.upload_check`` checks each file once Django has it; this handler
stops a too-large upload before Django writes any of it to memory or to a
temporary file: the request's Content-Length against the whole upload's
limit (``SCAN_LIMITS["MAX_UPLOAD_BYTES"]``), then each file's running size
against ``MAX_BYTES``. The web server refuses far larger bodies first
(``client_max_body_size`` in ``deploy/nginx/studycircle.conf``).
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

MB = 1024 * 1024


class ScanUploadLimit(FileUploadHandler):
    """Put first in ``request.upload_handlers``; ``refused`` says why it stopped."""

    def __init__(self, request=None):
        super().__init__(request)
        self.refused = ""
        self.received = 0

    def handle_raw_input(
        self, input_data, META, content_length, boundary, encoding=None
    ):
        most = settings.SCAN_LIMITS["MAX_UPLOAD_BYTES"]
        if content_length > most:
            self.refused = (
                f"This upload is {content_length / MB:.0f} MB; the most we take at "
                f"once is {most // MB} MB. Upload fewer photos, or take them at a "
                "lower resolution."
            )
            # Nothing parsed, nothing read: the body is never stored.
            return QueryDict(encoding=encoding), MultiValueDict()
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        most = settings.SCAN_LIMITS["MAX_BYTES"]
        if self.received > most:
            name = (self.file_name or "upload")[:80]
            self.refused = (
                f"“{name}” is more than {most // MB} MB; the most we take is "
                f"{most // MB} MB. Take the photo at a lower resolution or scan "
                "at 200 dpi."
            )
            # Read on and drop the rest, so the browser gets the answer.
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None  # the handlers after this one keep the file
