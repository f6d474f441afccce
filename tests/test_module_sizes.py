"""Small modules (STYLE.md): no module over about 400 lines outside migrations,
no function over about 60. The ones still over are listed, each with why it
waits; a new one fails here."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE_LINES, FUNCTION_LINES = 420, 60
SKIPPED = {"node_modules", "migrations", "__pycache__", "var", "media"}

WAITING = {
    # Long but linear: one step after another, each commented; split when next
    # changed (each was over before this list was made, or grew by its checks).
    "branches/services/programme.py:register_save",
    "branches/services/people.py:members_import_csv",
    "library/importer/document.py:_parse",
    "library/selectors.py:_facets",
    "packs/services.py",
    "scripts/probes/uploads.py:main",
    # Test set-ups that build one whole world of roles, or one whole journey.
    "tests/privacy/test_matrix.py:world",
    "tests/operations/test_database_dropped.py:test_dropped_connections_lose_no_half_save_and_the_next_request_works",
    "tests/e2e/test_register.py:test_organiser_takes_a_register_of_thirty_on_a_phone",
}


def _offenders() -> set[str]:
    found = set()
    folders = [p for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(".")]
    paths = [path for folder in folders for path in folder.rglob("*.py")]
    for path in paths + list(ROOT.glob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIPPED & set(relative.parts):
            continue
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MODULE_LINES:
            found.add(str(relative))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if node.end_lineno - node.lineno + 1 > FUNCTION_LINES:
                    found.add(f"{relative}:{node.name}")
    return found


def test_no_new_long_module_or_function():
    assert sorted(_offenders() - WAITING) == []
