from django.db import migrations, models


def hashes_fill(apps, schema_editor):
    """Hash the paragraph rows each section already has (sections without
    rows keep a blank hash: their screens are rendered uncached)."""
    from library.reading import paragraphs_digest

    section_model = apps.get_model("library", "TextSection")
    paragraph_model = apps.get_model("library", "TextParagraph")
    for section in section_model.objects.only("pk").iterator():
        rows = paragraph_model.objects.filter(section_id=section.pk).order_by(
            "position"
        )
        if rows.exists():
            section_model.objects.filter(pk=section.pk).update(
                paragraphs_hash=paragraphs_digest(rows=rows)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0005_text_paragraphs_and_reading_places"),
    ]

    operations = [
        migrations.AddField(
            model_name="textsection",
            name="paragraphs_hash",
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.RunPython(hashes_fill, migrations.RunPython.noop),
    ]
