"""Project Gutenberg plain-text files: the licence header and footer come off,
what they say about the book (title, author, number, rights) is kept."""

import re

_START = re.compile(
    r"^\s*\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK[^\n]*$", re.I | re.M
)
_END = re.compile(
    r"^\s*(?:\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK[^\n]*"
    r"|End of (?:the )?Project Gutenberg'?s?[^\n]*)$",
    re.I | re.M,
)
_OLD_SMALL_PRINT_END = re.compile(r"^\*END\*THE SMALL PRINT[^\n]*$", re.M)
_PRODUCED_BY = re.compile(
    r"\A\s*(?:(?:Produced|Transcribed|Prepared|E-text prepared) by[^\n]*(?:\n[^\n]+)*\n)",
    re.I,
)


def _field(header: str, name: str) -> str:
    match = re.search(rf"^{name}:\s*(.+(?:\n\s{{2,}}\S.*)*)$", header, re.M | re.I)
    return " ".join(match.group(1).split()) if match else ""


def gutenberg_split(*, text: str) -> tuple[str, dict] | None:
    """(body, header metadata) for a Gutenberg file, or None for any other text."""
    start = _START.search(text)
    old = _OLD_SMALL_PRINT_END.search(text) if start is None else None
    if start is None and old is None:
        return None
    header = text[: (start or old).start()]
    body = text[(start or old).end() :]
    end = _END.search(body)
    if end:
        body = body[: end.start()]
    body = _PRODUCED_BY.sub("", body, count=1)

    meta = {"title": _field(header, "Title"), "author": _field(header, "Author")}
    meta["language"] = _field(header, "Language")
    number = re.search(r"\[E-?Book #(\d+)\]", header, re.I)
    meta["key"] = f"gutenberg:{number.group(1)}" if number else ""
    first_para = next(
        (p for p in re.split(r"\n\s*\n", header) if "for the use of anyone" in p), ""
    )
    meta["rights"] = " ".join(first_para.split()) or "Project Gutenberg licence"
    meta["source"] = "Project Gutenberg"
    if number:
        meta["source_url"] = f"https://www.gutenberg.org/ebooks/{number.group(1)}"
    return body, meta
