"""The page's QR code, read where ``sheet`` printed it."""

import cv2
import numpy as np
import zxingcpp

from .. import sheet
from .markers import PX_PER_MM


def qr_read(page: np.ndarray) -> str | None:
    """The QR code's text, or None if it cannot be read."""
    margin = 6.0
    x0 = int((sheet.QR_X - margin) * PX_PER_MM)
    y0 = int((sheet.QR_Y - margin) * PX_PER_MM)
    size = int((sheet.QR_SIZE + 2 * margin) * PX_PER_MM)
    crop = page[max(0, y0) : y0 + size, max(0, x0) : x0 + size]
    attempts = [crop, cv2.resize(crop, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)]
    for image in attempts:
        for found in zxingcpp.read_barcodes(
            image, formats=zxingcpp.BarcodeFormat.QRCode
        ):
            if found.valid and found.text:
                return found.text
    # A last try on the whole page, should the code sit a little off its place.
    for found in zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode):
        if found.valid and found.text:
            return found.text
    return None
