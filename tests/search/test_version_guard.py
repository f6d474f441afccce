"""The engine was written against one Whoosh: any other must fail loudly.

whoosh_modelsearch/_whoosh_internals/ subclasses Whoosh's codec, writers
and matchers and reads their private state; a different Whoosh may change any
of it without notice. Upgrading means re-reading that module against the new
Whoosh, then changing ``WHOOSH_VERSION``.
"""

from importlib.metadata import version

from whoosh_modelsearch import _whoosh_internals as internals


def test_the_installed_whoosh_is_the_one_the_engine_was_written_against():
    installed = version("whoosh-reloaded")
    assert installed == "2.7.5", (
        f"whoosh-reloaded {installed} is installed; whoosh_modelsearch was written "
        "against 2.7.5. Read _whoosh_internals/ against it before upgrading."
    )
    assert internals.whoosh_version() == internals.WHOOSH_VERSION == (2, 7, 5)
