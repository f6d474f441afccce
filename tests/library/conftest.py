import pytest

from tests.factories.library import LibraryIndexPageFactory


@pytest.fixture
def library(home):
    return LibraryIndexPageFactory(parent=home)
