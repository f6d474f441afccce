"""Packs move to the private storage, under names nobody can guess.

The packs made before were public files under ``MEDIA_ROOT/packs/`` with
guessable names (``packs/session-4-facilitator-clear.pdf``), some of them
naming a branch's members: they are deleted with their rows, and made again,
privately, the next time someone asks for them.
"""

from django.core.files.storage import storages
from django.db import migrations, models

import core.storage
import packs.models

OLD_FOLDER = "packs"


def delete_public_packs(apps, schema_editor):
    PackFile = apps.get_model("packs", "PackFile")
    public = storages["default"]
    names = set(PackFile.objects.exclude(file="").values_list("file", flat=True))
    try:
        if public.exists(OLD_FOLDER):
            _dirs, files = public.listdir(OLD_FOLDER)
            names.update(f"{OLD_FOLDER}/{name}" for name in files)
    except (NotImplementedError, OSError):
        pass  # a storage that cannot list: the rows' own files are still deleted
    for name in names:
        public.delete(name)
    PackFile.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("packs", "0001_pack_files"),
    ]

    operations = [
        migrations.RunPython(delete_public_packs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="packfile",
            name="file",
            field=models.FileField(
                blank=True,
                storage=core.storage.private_storage,
                upload_to=packs.models.pack_file_name,
            ),
        ),
    ]
