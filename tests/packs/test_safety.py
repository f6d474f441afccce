"""WeasyPrint may read only our own static and media files."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from packs.options import PackOptions
from packs.safety import PackFetchRefused, SafeURLFetcher, sanitise_html
from packs.services import pack_render
from tests.factories.courses import ModulePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_png():
    folder = Path(settings.MEDIA_ROOT) / "original_images"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "branch-banner.png"
    Image.new("RGB", (40, 20), "navy").save(path)
    return path


def image_count(pdf) -> int:
    """Distinct images (pages may share one resources dictionary)."""
    found = set()
    for page in pdf.reader.pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        for reference in xobjects.values():
            if reference.get_object().get("/Subtype") == "/Image":
                found.add(getattr(reference, "idnum", id(reference)))
    return len(found)


def test_hostile_rich_text_yields_a_pack_without_it(course, media_png, read_pdf):
    hostile = (
        "<p>SAFE-TEXT-MARKER before.</p>"
        '<link rel="attachment" href="file:///etc/passwd">'
        '<p><a rel="attachment" href="file:///etc/passwd">the rules</a></p>'
        '<p><img src="https://example.org/tracker.png" alt="outside"></p>'
        '<p><img src="file:///etc/passwd" alt="local file"></p>'
        '<iframe src="https://example.org/"></iframe>'
        '<object data="file:///etc/passwd"></object>'
        "<script>document.write('SCRIPT-RAN')</script>"
        '<p style="background: url(file:///etc/passwd)">SAFE-TEXT-MARKER after.</p>'
        '<p><img src="/media/original_images/branch-banner.png" alt="Our banner"></p>'
    )
    module = ModulePageFactory(parent=course, body=[("text", hostile)])
    data = pack_render(page=module, options=PackOptions())
    pdf = read_pdf(data)
    assert (
        "SAFE-TEXT-MARKER before." in pdf.text and "SAFE-TEXT-MARKER after." in pdf.text
    )
    root = pdf.reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in (root.get("/Names") or {})
    assert not pdf.reader.attachments
    passwd = Path("/etc/passwd").read_text()
    assert "root:" not in pdf.text
    assert passwd.splitlines()[0].encode() not in data
    assert "SCRIPT-RAN" not in pdf.text
    # Only our own media file, and the QR code of the module's short address.
    assert image_count(pdf) == 2


def test_sanitiser_keeps_text_and_our_media_and_drops_the_rest(media_png):
    html = sanitise_html(
        '<p onclick="x()">Hi <a href="javascript:alert(1)">js</a> <a href="https://example.org">ok</a></p>'
        '<link rel="stylesheet" href="https://example.org/x.css"><base href="https://example.org/">'
        '<img src="//example.org/x.png"><img src="/media/original_images/branch-banner.png">'
        '<meta http-equiv="refresh" content="0; url=https://example.org">'
    )
    assert "onclick" not in html and "javascript" not in html
    assert 'href="https://example.org"' in html
    assert "<link" not in html and "<base" not in html and "refresh" not in html
    assert html.count("<img") == 1
    assert 'src="storage-media:original_images/branch-banner.png"' in html


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/admin/",
        "https://example.org/font.ttf",
        "ftp://example.org/x",
        "data:text/html,<p>hi</p>",
        "file://otherhost/etc/passwd",
    ],
)
def test_fetcher_refuses_anything_outside(url):
    with pytest.raises(PackFetchRefused):
        SafeURLFetcher().fetch(url)


def test_fetcher_refuses_a_symlink_out_of_media(tmp_path):
    link = Path(settings.MEDIA_ROOT) / "escape.txt"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to("/etc/passwd")
    try:
        for url in ("storage-media:escape.txt", link.as_uri()):
            with pytest.raises(PackFetchRefused):
                SafeURLFetcher().fetch(url)
    finally:
        link.unlink()


@pytest.mark.parametrize(
    "url",
    [
        "storage-media:../studycircle-test-private/x.pdf",
        "storage-media:/etc/passwd",
        "storage-media:a/%2e%2e/%2e%2e/etc/passwd",
        "storage-media:does-not-exist.png",
    ],
)
def test_fetcher_refuses_media_names_we_never_made(url, media_png):
    with pytest.raises(PackFetchRefused):
        SafeURLFetcher().fetch(url)


def test_uploads_are_read_by_name_never_by_path(media_png):
    """Media is read through the storage API (so S3 works), not as files."""
    with pytest.raises(PackFetchRefused):
        SafeURLFetcher().fetch(media_png.resolve().as_uri())


def test_fetcher_serves_our_fonts_media_and_data_images(media_png):
    font = Path(settings.BASE_DIR) / "site/static/fonts/atkinson-hyperlegible/OFL.txt"
    assert SafeURLFetcher().fetch(font.as_uri()).read().startswith(b"Copyright")
    png = SafeURLFetcher().fetch("storage-media:original_images/branch-banner.png")
    assert png.content_type == "image/png"
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1)).save(buffer, "PNG")
    import base64

    data_url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    assert SafeURLFetcher().fetch(data_url).read() == buffer.getvalue()
