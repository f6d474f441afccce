"""Reading groups get their members: the names their sign-in sheets print.

A group's members start as the people who came (present or late) to any of
its sessions; organisers then keep the list on the group's form.
"""

from django.db import migrations, models


def members_from_registers(apps, schema_editor):
    ReadingGroup = apps.get_model("branches", "ReadingGroup")
    Attendance = apps.get_model("branches", "Attendance")
    Through = ReadingGroup.members.through
    pairs = (
        Attendance.objects.filter(
            session__group__isnull=False,
            status__in=["present", "late"],
            member__erased_at__isnull=True,
        )
        .values_list("session__group_id", "member_id")
        .distinct()
    )
    Through.objects.bulk_create(
        [Through(readinggroup_id=group, member_id=member) for group, member in pairs],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0004_session_library_readings"),
    ]

    operations = [
        migrations.AddField(
            model_name="readinggroup",
            name="members",
            field=models.ManyToManyField(
                blank=True,
                help_text="Who comes to this group: the names on its sign-in sheets.",
                related_name="reading_groups",
                to="branches.member",
            ),
        ),
        migrations.RunPython(members_from_registers, migrations.RunPython.noop),
    ]
