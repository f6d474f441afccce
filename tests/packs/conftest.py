import io
import math
from collections import Counter

import pytest
from pypdf import PdfReader

from tests.factories.courses import ModulePageFactory, module_body

OPENING = (
    "<p>OPENING-TEXT-MARKER: a branch is the members of the party who live or work "
    "in one area, meeting to decide what they will do together.</p>"
)


@pytest.fixture
def module(course):
    """A short module: text, a reading, two questions (one with a facilitator
    prompt), an activity, a facilitator note, a key term and a quotation."""
    body = module_body(blocks_count=7)
    body[0] = ("text", OPENING)
    return ModulePageFactory(parent=course, title="What a branch is", body=body)


class PdfText:
    """A PDF read back: the text of each page, the size of each run of characters
    and the fonts it uses."""

    def __init__(self, data: bytes):
        self.data = data
        self.reader = PdfReader(io.BytesIO(data))
        self.pages = [page.extract_text() or "" for page in self.reader.pages]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def runs(self, page_numbers=None) -> list[dict]:
        """Each run of text with its size in points (the font size scaled by the
        text and transformation matrices), its x position and its font."""
        found = []
        for number, page in enumerate(self.reader.pages, start=1):
            if page_numbers and number not in page_numbers:
                continue

            def visitor(text, cm, tm, font_dict, font_size, number=number):
                if not text.strip():
                    return
                # tm × cm: the vertical scale is the length of the y column.
                a, b, c, d, e, f = tm
                ca, cb, cc, cd, ce, cf = cm
                m_c = c * ca + d * cc
                m_d = c * cb + d * cd
                x = e * ca + f * cc + ce
                found.append(
                    {
                        "page": number,
                        "text": text,
                        "size": round(font_size * math.hypot(m_c, m_d), 2),
                        "x": x,
                        "font": str((font_dict or {}).get("/BaseFont", "")),
                    }
                )

            page.extract_text(visitor_text=visitor)
        return found

    def body_size(self) -> float:
        """The size most of the characters are set in."""
        counts = Counter()
        for run in self.runs():
            counts[run["size"]] += len(run["text"].strip())
        return counts.most_common(1)[0][0]

    def outline_titles(self) -> list[str]:
        titles = []

        def walk(items):
            for item in items:
                if isinstance(item, list):
                    walk(item)
                else:
                    titles.append(item.title)

        walk(self.reader.outline)
        return titles


@pytest.fixture
def read_pdf():
    return PdfText
