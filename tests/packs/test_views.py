"""Downloading packs from the site: at once when made, "preparing" while the
worker makes them, facilitator editions only for editors."""

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from packs import services
from packs.models import PackFile
from packs.services import pack_build

pytestmark = pytest.mark.django_db


def pack_url(page, **query):
    url = reverse("packs:page", args=[page.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def pdf_of(response, read_pdf):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return read_pdf(b"".join(response.streaming_content))


def test_anyone_downloads_a_learner_pack(client, module, read_pdf):
    response = client.get(pack_url(module, size="large"))
    assert (
        'filename="what-a-branch-is-learner-large.pdf"'
        in response["Content-Disposition"]
    )
    pdf = pdf_of(response, read_pdf)
    assert "What would make you come back to a meeting?" in pdf.text
    assert "SECRET-FACILITATOR-NOTE" not in pdf.text
    pack = PackFile.objects.get()
    assert pack.status == "ready" and pack.page_count == len(pdf.pages)
    private = storages["private"]
    assert pack.file.storage is private and pack.file.name.startswith("packs/")
    assert private.exists(pack.file.name)


def test_a_made_pack_is_served_without_rendering_again(
    client, module, monkeypatch, read_pdf
):
    client.get(pack_url(module))

    def no_render(**kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(services, "pack_render_isolated", no_render)
    assert (
        "Reading: Rules for branches"
        in pdf_of(client.get(pack_url(module)), read_pdf).text
    )
    assert PackFile.objects.count() == 1


def test_facilitator_edition_is_refused_to_learners(client, module, learner):
    assert client.get(pack_url(module, edition="facilitator")).status_code == 403
    client.force_login(learner)
    assert client.get(pack_url(module, edition="facilitator")).status_code == 403
    assert not PackFile.objects.filter(edition="facilitator").exists()


def test_editors_get_the_facilitator_edition(client, module, editor, read_pdf):
    client.force_login(editor)
    text = pdf_of(client.get(pack_url(module, edition="facilitator")), read_pdf).text
    assert "SECRET-FACILITATOR-NOTE" in text


def test_bad_options_are_a_bad_request(client, module):
    assert client.get(pack_url(module, size="huge")).status_code == 400
    assert client.get(pack_url(module, size="large", booklet=1)).status_code == 400


def test_unpublished_pages_have_no_pack(client, module):
    module.unpublish()
    assert client.get(pack_url(module)).status_code == 404


def test_while_the_worker_is_busy_the_reader_sees_preparing(
    client, module, monkeypatch, read_pdf
):
    monkeypatch.setattr(services, "pack_enqueue", lambda **kwargs: None)
    response = client.get(pack_url(module, size="large"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preparing your pack…" in html
    assert "js/packs.js" in html
    assert (
        f'href="{pack_url(module, edition="learner", size="large")}"'.replace(
            "&", "&amp;"
        )
        in html
    )
    pack = PackFile.objects.get()
    status_url = reverse("packs:status", args=[pack.pk])
    assert client.get(status_url).json() == {
        "status": "pending",
        "progress": 0,
        "ready": False,
        "error": "",
    }
    assert pack_build(pack_id=pack.pk) == "ready"
    assert client.get(status_url).json()["ready"] is True
    assert (
        "Reading: Rules for branches"
        in pdf_of(client.get(pack_url(module, size="large")), read_pdf).text
    )


def test_a_runaway_render_fails_with_a_clear_message(
    client, module, settings, read_pdf
):
    settings.PACKS_RENDER_TIMEOUT = 0
    response = client.get(pack_url(module))
    html = response.content.decode()
    assert "The pack could not be made." in html
    assert "took longer than 0 seconds" in html
    pack = PackFile.objects.get()
    assert pack.status == "failed" and "took longer" in pack.error
    assert (
        client.get(reverse("packs:status", args=[pack.pk])).json()["error"]
        == pack.error
    )
    # Once the limit allows it, "Try again" makes the pack.
    settings.PACKS_RENDER_TIMEOUT = 120
    assert pdf_of(client.get(pack_url(module, retry=1)), read_pdf).pages


def test_a_render_over_the_memory_limit_fails_cleanly():
    from packs.options import PackOptions
    from packs.services import PackRenderError, pack_render_isolated

    # Some 40,000 paragraphs need far more than the 8 MB allowed here.
    html = "<p>A paragraph of a runaway document.</p>" * 40_000
    with pytest.raises(PackRenderError, match="memory"):
        pack_render_isolated(html=html, options=PackOptions(), memory_mb=8, timeout=60)


def test_status_of_a_facilitator_pack_is_for_editors_only(
    client, module, editor, learner
):
    client.force_login(editor)
    client.get(pack_url(module, edition="facilitator"))
    pack = PackFile.objects.get(edition="facilitator")
    client.force_login(learner)
    assert client.get(reverse("packs:status", args=[pack.pk])).status_code == 403


def test_editing_the_module_makes_a_new_pack_and_removes_the_old(
    client, module, read_pdf
):
    client.get(pack_url(module))
    old = PackFile.objects.get()
    private = storages["private"]
    assert private.exists(old.file.name)

    module.objective = "EDITED-OBJECTIVE: run a meeting everyone wants to come back to."
    module.save_revision().publish()
    pdf = pdf_of(client.get(pack_url(module)), read_pdf)
    assert "EDITED-OBJECTIVE" in pdf.text
    new = PackFile.objects.get()
    assert new.pk != old.pk and new.key != old.key
    assert not private.exists(old.file.name)


def test_publishing_a_module_makes_its_usual_packs(
    module, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        module.save_revision().publish()
    made = PackFile.objects.filter(source_id=module.pk, status="ready")
    assert sorted(made.values_list("options_slug", flat=True)) == [
        "learner-clear",
        "learner-large",
    ]


def test_module_page_offers_print_links(client, module, editor, learner):
    html = client.get(module.url).content.decode()
    assert "Print this module" in html
    assert pack_url(module) + "?edition=learner&amp;size=large" in html
    assert "booklet=1" in html
    assert "edition=facilitator" not in html
    client.force_login(learner)
    assert "edition=facilitator" not in client.get(module.url).content.decode()
    client.force_login(editor)
    assert "edition=facilitator" in client.get(module.url).content.decode()


def test_course_page_offers_the_whole_course(client, course, module):
    html = client.get(course.url).content.decode()
    assert "Print the whole course" in html
    assert pack_url(course) + "?edition=learner&amp;size=clear" in html


def test_admin_lists_a_failed_pack_with_its_reason(
    client, module, settings, django_user_model
):
    settings.PACKS_RENDER_TIMEOUT = 0
    client.get(pack_url(module))
    admin = django_user_model.objects.create_superuser(
        "root@example.org", "root@example.org", "pw"
    )
    client.force_login(admin)
    html = client.get(reverse("printed_packs:index")).content.decode()
    assert "What a branch is" in html and "took longer than 0 seconds" in html


def test_a_pack_left_running_by_a_dead_worker_is_made_again(client, module, read_pdf):
    import datetime

    from django.utils import timezone

    client.get(pack_url(module))
    pack = PackFile.objects.get()
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    PackFile.objects.filter(pk=pack.pk).update(status="running", updated_at=long_ago)
    assert pdf_of(client.get(pack_url(module)), read_pdf).pages
    assert PackFile.objects.get().status == "ready"
