"""The apps import one way: ``[tool.importlinter]`` in pyproject.toml, the
layering README's "How it fits together" describes. A new import against it
(``library`` importing ``courses``, ``core`` importing any app) fails here."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The project package and what is not shipped: above every app, outside the layers.
NOT_LAYERED = {"config", "tests", "bench"}


def _contract() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def test_the_apps_import_only_the_layers_below_them():
    result = subprocess.run(  # noqa: S603 (our own venv's lint-imports, fixed arguments)
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_app_is_in_the_layers():
    """A new package (the ``search`` app, the ``whoosh_modelsearch`` engine) is
    checked only once it is a root package of the contract: say so when it isn't."""
    packages = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in NOT_LAYERED
    }
    contract = _contract()
    assert packages <= set(contract["root_packages"]), (
        "add to [tool.importlinter] root_packages: "
        f"{sorted(packages - set(contract['root_packages']))}"
    )
    # A layer may hold independent apps side by side: "scans | assembly".
    layers = {
        app.strip().strip("()")
        for layer in contract["contracts"][0]["layers"]
        for app in layer.split("|")
    }
    assert packages <= layers, f"add to the layers: {sorted(packages - layers)}"
