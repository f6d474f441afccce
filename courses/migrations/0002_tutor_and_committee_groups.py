"""The two groups that write and publish courses, and the workflow between them.

Tutors add and edit pages but cannot publish: what they write goes to the
Education committee for approval (a Wagtail workflow on the whole tree).
"""

from django.db import migrations

TUTORS = "Tutors"
COMMITTEE = "Education committee"
WORKFLOW = "Education committee approval"

TUTOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
COMMITTEE_PAGE_PERMISSIONS = [
    "add_page", "change_page", "publish_page", "lock_page", "unlock_page", "delete_page",
]
COLLECTION_PERMISSIONS = {
    ("wagtailimages", "image"): ["add_image", "choose_image", "change_image"],
    ("wagtaildocs", "document"): ["add_document", "choose_document", "change_document"],
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
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes.ContentType")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin")

    groups = {}
    for name, page_codenames in [
        (TUTORS, TUTOR_PAGE_PERMISSIONS),
        (COMMITTEE, COMMITTEE_PAGE_PERMISSIONS),
    ]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for codename in page_codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=_permission(apps, "wagtailcore", "page", codename),
            )
        for (app_label, model), codenames in COLLECTION_PERMISSIONS.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=_permission(apps, app_label, model, codename),
                )
        groups[name] = group

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=WORKFLOW).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=WORKFLOW, content_type=task_type, active=True
        )
    task.groups.set([groups[COMMITTEE]])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # One workflow per page: ours replaces Wagtail's default "Moderators approval".
    WorkflowPage.objects.filter(page=root_page).delete()
    WorkflowPage.objects.create(workflow=workflow, page=root_page)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Workflow = apps.get_model("wagtailcore.Workflow")
    Task = apps.get_model("wagtailcore.Task")
    Workflow.objects.filter(name=WORKFLOW).delete()
    Task.objects.filter(name=WORKFLOW).delete()
    Group.objects.filter(name__in=[TUTORS, COMMITTEE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
