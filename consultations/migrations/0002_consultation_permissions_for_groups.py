"""Who may do what with feedback and questions to the party.

Branch organisers (and national staff) key in paper slips and record their
groups' answers, for their own branches (``branches.access`` scopes them).
Tutors, the education committee and national staff see a module's feedback
across branches, aggregated. The committee and national staff see every
branch's answers; the committee publishes them.
"""

from django.db import migrations

ORGANISERS = "Branch organisers"
NATIONAL = "National education staff"
TUTORS = "Tutors"
COMMITTEE = "Education committee"

GRANTS = {
    ORGANISERS: [
        ("feedback", "view_feedback"),
        ("feedback", "add_feedback"),
        ("groupanswer", "view_groupanswer"),
        ("groupanswer", "add_groupanswer"),
        ("groupanswer", "change_groupanswer"),
    ],
    NATIONAL: [
        ("feedback", "view_feedback"),
        ("feedback", "add_feedback"),
        ("feedback", "view_module_feedback"),
        ("groupanswer", "view_groupanswer"),
        ("groupanswer", "add_groupanswer"),
        ("groupanswer", "change_groupanswer"),
        ("groupanswer", "view_party_answers"),
    ],
    TUTORS: [("feedback", "view_module_feedback")],
    COMMITTEE: [
        ("feedback", "view_module_feedback"),
        ("groupanswer", "view_party_answers"),
        ("groupanswer", "publish_party_answers"),
    ],
}


def _permission(apps, model, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="consultations", model=model
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    for name, perms in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(_permission(apps, m, c) for m, c in perms))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for name, perms in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="consultations",
                    codename__in=[c for _, c in perms],
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_feedback_and_group_answers"),
        ("branches", "0002_branch_organisers_and_national_staff_groups"),
        ("courses", "0002_tutor_and_committee_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
