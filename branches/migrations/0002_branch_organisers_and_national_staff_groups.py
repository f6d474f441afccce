"""The groups that run branches.

Branch organisers get the model permissions the admin checks; which branches
they see comes from ``BranchRole``, not from these permissions. National
education staff also get ``view_all_branches``: they see every branch.
"""

from django.db import migrations

ORGANISERS = "Branch organisers"
NATIONAL = "National education staff"

ORGANISER_PERMISSIONS = {
    "branch": ["view", "change"],
    "member": ["view", "add", "change"],
    "readinggroup": ["view", "add", "change", "delete"],
    "session": ["view", "add", "change", "delete"],
    "attendance": ["view", "add", "change"],
}


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin")
    organisers, _ = Group.objects.get_or_create(name=ORGANISERS)
    national, _ = Group.objects.get_or_create(name=NATIONAL)
    for group in (organisers, national):
        group.permissions.add(access_admin)
        for model, actions in ORGANISER_PERMISSIONS.items():
            for action in actions:
                group.permissions.add(
                    _permission(apps, "branches", model, f"{action}_{model}")
                )
    national.permissions.add(
        _permission(apps, "branches", "branch", "view_all_branches"),
        _permission(apps, "branches", "branch", "add_branch"),
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=[ORGANISERS, NATIONAL]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0001_branches_members_groups_sessions_register"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
