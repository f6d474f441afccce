"""``manage.py make_pack`` for branches that batch-print."""

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_make_pack_by_page_path(module, tmp_path, read_pdf, capsys):
    out = tmp_path / "pack.pdf"
    call_command(
        "make_pack",
        "/courses/how-our-party-works/what-a-branch-is/",
        "--size",
        "large",
        "--out",
        str(out),
    )
    pdf = read_pdf(out.read_bytes())
    assert "Learner's pack, large print" in pdf.pages[0]
    assert pdf.body_size() == 18
    assert str(out) in capsys.readouterr().out


def test_make_pack_by_id_facilitator_booklet(module, tmp_path, read_pdf):
    out = tmp_path / "booklet.pdf"
    call_command(
        "make_pack",
        str(module.pk),
        "--edition",
        "facilitator",
        "--booklet",
        "--out",
        str(out),
    )
    pdf = read_pdf(out.read_bytes())
    assert "SECRET-FACILITATOR-NOTE" in pdf.text
    assert float(pdf.reader.pages[0].mediabox.width) > float(
        pdf.reader.pages[0].mediabox.height
    )


def test_make_pack_explains_bad_input(module, tmp_path):
    out = str(tmp_path / "x.pdf")
    with pytest.raises(CommandError, match="No page"):
        call_command("make_pack", "/courses/no-such-course/", "--out", out)
    with pytest.raises(CommandError, match="booklet"):
        call_command(
            "make_pack", str(module.pk), "--size", "large", "--booklet", "--out", out
        )
    with pytest.raises(CommandError, match="not a module or a course"):
        call_command(
            "make_pack", str(module.get_parent().get_parent().pk), "--out", out
        )
