"""The e-mail address an organiser gave to link a member's learner account.

Members already linked keep their account, and their address is filled in.
"""

from django.db import migrations, models


def fill_linked(apps, schema_editor):
    Member = apps.get_model("branches", "Member")
    for member in Member.objects.filter(user__isnull=False).select_related("user"):
        member.account_email = member.user.email
        member.save(update_fields=["account_email"])


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0006_branch_log_entries"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="account_email",
            field=models.EmailField(
                blank=True, max_length=254, verbose_name="learner account e-mail"
            ),
        ),
        migrations.RunPython(fill_linked, migrations.RunPython.noop),
    ]
