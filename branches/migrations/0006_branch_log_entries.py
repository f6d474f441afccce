"""The branches' own audit log, scoped by branch, with labels that name no one.

Entries already in Wagtail's shared ``ModelLogEntry`` about branch objects are
moved here, relabelled: their old labels carry members' names.
"""

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# Mirrors ``branches.models.audit`` at the time of writing.
BRANCH_MODELS = [
    "branch",
    "venue",
    "branchrole",
    "member",
    "readinggroup",
    "session",
    "sessionreading",
    "attendance",
]
NEUTRAL = {"member": "Member", "branchrole": "Branch role", "attendance": "Attendance"}
VIA_SESSION = {"sessionreading", "attendance"}


def _branch_id(apps, model_name, object_id):
    if model_name == "branch":
        return int(object_id) if object_id.isdigit() else None
    model = apps.get_model("branches", model_name)
    field = "session__branch_id" if model_name in VIA_SESSION else "branch_id"
    return model.objects.filter(pk=object_id).values_list(field, flat=True).first()


def move_entries(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    BranchLogEntry = apps.get_model("branches", "BranchLogEntry")
    Branch = apps.get_model("branches", "Branch")
    names = dict(Branch.objects.values_list("pk", "name"))
    types = {
        ct.pk: ct.model
        for ct in ContentType.objects.filter(
            app_label="branches", model__in=BRANCH_MODELS
        )
    }
    entries = ModelLogEntry.objects.filter(content_type_id__in=types)
    for entry in entries.iterator():
        model_name = types[entry.content_type_id]
        branch_id = _branch_id(apps, model_name, entry.object_id)
        label = entry.label
        if model_name in NEUTRAL:
            where = f" ({names[branch_id]})" if branch_id in names else ""
            label = f"{NEUTRAL[model_name]} #{entry.object_id}{where}"
        BranchLogEntry.objects.create(
            content_type_id=entry.content_type_id,
            label=label,
            action=entry.action,
            data=entry.data,
            timestamp=entry.timestamp,
            uuid=entry.uuid,
            user_id=entry.user_id,
            revision_id=entry.revision_id,
            content_changed=entry.content_changed,
            deleted=entry.deleted,
            object_id=entry.object_id,
            branch_id=branch_id,
        )
    entries.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0005_reading_group_members"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="BranchLogEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("label", models.TextField()),
                ("action", models.CharField(blank=True, db_index=True, max_length=255)),
                (
                    "data",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        encoder=django.core.serializers.json.DjangoJSONEncoder,
                    ),
                ),
                (
                    "timestamp",
                    models.DateTimeField(db_index=True, verbose_name="timestamp (UTC)"),
                ),
                (
                    "uuid",
                    models.UUIDField(
                        blank=True,
                        editable=False,
                        help_text="Log entries that happened as part of the same user action are assigned the same UUID",
                        null=True,
                    ),
                ),
                ("content_changed", models.BooleanField(db_index=True, default=False)),
                ("deleted", models.BooleanField(default=False)),
                ("object_id", models.CharField(db_index=True, max_length=255)),
                (
                    "branch",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="branches.branch",
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="content type",
                    ),
                ),
                (
                    "revision",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="wagtailcore.revision",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "branch log entry",
                "verbose_name_plural": "branch log entries",
                "ordering": ["-timestamp", "-id"],
                "abstract": False,
                "indexes": [
                    models.Index(
                        fields=["uuid", "action", "-timestamp"],
                        name="branches_br_uuid_77408f_idx",
                    )
                ],
            },
        ),
        migrations.RunPython(move_entries, migrations.RunPython.noop),
    ]
