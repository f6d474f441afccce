"""Reading a photographed or scanned sign-in sheet (no handwriting recognition).

``page_read(image)`` finds the four corner markers (``markers``), maps the
page back onto ``scans.sheet``'s millimetres, reads the QR code (``qr``) and
measures every tick box (``boxes``). Each refusal is a ``ReadError`` whose
message is for the organiser, saying what to do next.
"""

from .boxes import BoxReading, Mark
from .errors import ReadError
from .page import PageReading, page_read

__all__ = ["BoxReading", "Mark", "PageReading", "ReadError", "page_read"]
