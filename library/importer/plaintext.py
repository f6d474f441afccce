"""Chapters in plain text: headings are found by how books set them, not by markup.

Three tiers, the first that finds at least two headings wins: "CHAPTER IV" /
"Chapter 4" / "BOOK II" lines; bare roman numerals ("II.", "III. FOOD");
short isolated lines in capitals. Named parts (PREFACE, INTRODUCTION) join
whichever tier is used. A heading followed by almost no text (a table of
contents entry) is not a heading.
"""

import html
import math
import re

_NUM = r"(?:[IVXLCDM]+|\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|the first|the last)"
_CHAPTER = re.compile(
    rf"^(?:CHAPTER|Chapter|BOOK|Book|PART|Part|LETTER|Letter|STAVE|Stave|LECTURE|Lecture|ESSAY|Essay|SECTION|Section)\s+{_NUM}\b\.?(?:[.:—–-]\s*(?P<rest>.*)|\s+(?P<rest2>.*))?$",
    re.I,
)
_ROMAN = re.compile(r"^(?P<num>[IVXLC]+)\.?(?:\s+(?P<rest>[^a-z]+))?$")
_NAMED = re.compile(
    r"^(?:PREFACE|INTRODUCTION|FOREWORD|PROLOGUE|EPILOGUE|AFTERWORD|APPENDIX|CONCLUSION|POSTSCRIPT|"
    r"Preface|Introduction|Foreword|Prologue|Epilogue|Afterword|Appendix|Conclusion|Postscript)"
    r"\b[^a-z]{0,60}$"
)
MIN_SECTION_WORDS = 15
MIN_OPENING_WORDS = 40  # less is a title page and contents list
MAX_SECTION_WORDS = 12_000
PART_WORDS = 8_000


def _isolated(lines, i) -> bool:
    before = i == 0 or not lines[i - 1].strip()
    return (
        before
        and len(lines[i].strip()) <= 80
        and (len(lines[i]) - len(lines[i].lstrip())) < 4
    )


def _caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _blank(lines, i) -> bool:
    return i >= len(lines) or not lines[i].strip()


def _caps_heading(lines, i) -> bool:
    """A line in capitals of two or more real words, alone or with one more such line."""
    stripped = lines[i].strip()
    words = [w for w in re.findall(r"[^\W\d_]+", stripped) if len(w) >= 3]
    if not _caps(stripped) or len(words) < 2:
        return False
    if _blank(lines, i + 1):
        return not stripped.endswith(",")
    following = lines[i + 1].strip()
    return _caps(following) and len(following) <= 80 and _blank(lines, i + 2)


def _candidates(lines) -> list[int]:
    chapter, roman, caps, named = [], [], [], []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or not _isolated(lines, i):
            continue
        if _CHAPTER.match(stripped):
            chapter.append(i)
        elif _NAMED.match(stripped):
            named.append(i)
        elif _ROMAN.match(stripped):
            roman.append(i)
        elif _caps_heading(lines, i):
            caps.append(i)
    for tier in (chapter, roman, caps):
        if len(tier) >= 2:
            return sorted(set(tier + named))
    return named


def _subtitle(lines, i) -> tuple[str, int]:
    """The title line under a bare 'CHAPTER IV', if there is one."""
    j, blanks = i + 1, 0
    while j < len(lines) and not lines[j].strip() and blanks < 3:
        j, blanks = j + 1, blanks + 1
    if j >= len(lines):
        return "", i
    line = lines[j].strip()
    after_blank = j + 1 >= len(lines) or not lines[j + 1].strip()
    if (
        line
        and len(line) <= 80
        and after_blank
        and (_caps(line) or len(line.split()) <= 10)
    ):
        if not _CHAPTER.match(line) and not line.endswith((",", ";")):
            return line, j
    return "", i


_SMALL = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
}
_ROMAN_WORD = re.compile(r"^[IVXLCDM]+[.:]?$")


def _title(line: str) -> str:
    line = re.sub(r"\[\d+\]", "", line)  # footnote markers
    line = " ".join(line.replace("_", "").split()).rstrip(".")
    if not _caps(line):
        return line
    words = []
    for n, word in enumerate(line.split()):
        if _ROMAN_WORD.match(word) and (
            n == 0
            or words[-1].lower()
            in {
                "chapter",
                "book",
                "part",
                "letter",
                "section",
                "stave",
                "lecture",
                "essay",
            }
        ):
            words.append(word)
        elif n and word.lower() in _SMALL and not words[-1].endswith((":", ".", "—")):
            words.append(word.lower())
        else:
            words.append(word[:1].upper() + word[1:].lower())
    return " ".join(words)


def _paragraph_html(block: str) -> str:
    lines = [line.rstrip() for line in block.split("\n") if line.strip()]
    indented = all(line.startswith(("  ", "\t")) for line in lines)
    short = len(lines) > 1 and all(len(line.strip()) < 60 for line in lines)
    text = (
        "<br/>".join(html.escape(line.strip()) for line in lines)
        if short
        else html.escape(" ".join(line.strip() for line in lines))
    )
    text = re.sub(r"(?<![\w_])_([^_\n<>]{1,200}?)_(?![\w_])", r"<i>\1</i>", text)
    if indented and not short:
        return f"<blockquote>{text}</blockquote>"
    return f"<p>{text}</p>"


def paragraphs_html(text: str) -> tuple[str, int]:
    blocks = [b for b in re.split(r"\n[ \t]*\n", text) if b.strip()]
    words = sum(len(b.split()) for b in blocks)
    return "".join(_paragraph_html(b) for b in blocks), words


def _split_long(title: str, text: str) -> list[tuple[str, str]]:
    """Cut a very long stretch into roughly equal parts at paragraph breaks."""
    total = len(text.split())
    if total <= MAX_SECTION_WORDS:
        return [(title, text)]
    target = total / math.ceil(total / PART_WORDS)
    blocks = re.split(r"(\n[ \t]*\n)", text)
    parts, current, words = [], [], 0
    for block in blocks:
        current.append(block)
        words += len(block.split())
        if words >= target and not block.strip():
            parts.append("".join(current))
            current, words = [], 0
    if "".join(current).strip():
        parts.append("".join(current))
    if len(parts) == 1:
        return [(title, parts[0])]
    return [(f"{title} (part {n})", part) for n, part in enumerate(parts, start=1)]


def plaintext_sections(*, text: str, fallback_title: str) -> list[tuple[str, str, int]]:
    """(title, body HTML, words) for each section of a plain-text book."""
    lines = text.split("\n")
    heads = _candidates(lines)
    raw = []  # (title, first body line, end line)
    for n, i in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(lines)
        title = _title(lines[i].strip())
        body_start = i + 1
        if _caps(lines[i]) and not _blank(lines, i + 1) and _caps(lines[i + 1]):
            title, body_start = (
                _title(f"{lines[i].strip()} {lines[i + 1].strip()}"),
                i + 2,
            )
        match = _CHAPTER.match(lines[i].strip())
        has_rest = match and (match.group("rest") or match.group("rest2"))
        roman = _ROMAN.match(lines[i].strip())
        if (match and not has_rest) or (roman and not roman.group("rest")):
            subtitle, j = _subtitle(lines, i)
            if subtitle and j < end:
                title, body_start = f"{title}: {_title(subtitle)}", j + 1
        raw.append([title, body_start, end, i])
    # A "heading" with almost nothing under it is a contents entry: fold it back.
    # "Chapter V: Applications 177" in a contents list is "Chapter V: Applications".
    keys = [re.sub(r"(:.*?)\s+\d+$", r"\1", t.lower()) for t, *_ in raw]
    kept = []
    for n, item in enumerate(raw):
        words = sum(len(line.split()) for line in lines[item[1] : item[2]])
        listed_again = keys[n] in keys[n + 1 :] and words < 300
        if words < MIN_SECTION_WORDS or listed_again:
            if kept:
                kept[-1][2] = item[2]
            continue
        kept.append(item)
    sections = []
    first = kept[0][3] if kept else len(lines)
    opening = "\n".join(lines[:first])
    if len(opening.split()) >= (MIN_OPENING_WORDS if kept else 1):
        name = "Opening pages" if kept else fallback_title
        sections.extend(_split_long(name, opening))
    for title, start, end, _i in kept:
        sections.extend(_split_long(title, "\n".join(lines[start:end])))
    out = []
    for title, body in sections:
        body_html, words = paragraphs_html(body)
        if words:
            out.append((title[:255], body_html, words))
    return out
