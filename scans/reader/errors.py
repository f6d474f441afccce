class ReadError(ValueError):
    """A page that cannot be read; the message tells the organiser what to do."""


NO_SHEET = (
    "No sign-in sheet was found in this picture. Photograph the whole page, "
    "with its four black corner squares in view."
)
MARKER_MISSING = (
    "A black corner square is missing or cut off. Take the photo again with "
    "all four corners of the page in view."
)
TOO_DARK = (
    "This photo is too dark to read. Take another in better light, or turn "
    "the page towards a lamp or window."
)
TOO_BLURRED = (
    "This photo is too blurred to read. Take another, holding the phone "
    "steady and letting it focus on the page."
)
QR_UNREADABLE = (
    "The page was found but its QR code could not be read: the photo may be "
    "blurred, dark or have a glare on the code. Take another photo."
)
