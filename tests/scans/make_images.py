"""Makes the committed pictures in ``tests/scans/images/`` (run by hand:
``python -m tests.scans.make_images``). They are our own sheet for session
4242 of branch 7, signed with the test settings' key, marked and degraded
with a fixed seed; ``truth.json`` says what each row holds."""

import json
import os
import random
from pathlib import Path

import django

HERE = Path(__file__).parent / "images"
SETS = {
    "phone-rotated-shadow.jpg": {"rotate", "shadow", "jpeg40"},
    "phone-perspective-dim.jpg": {"perspective", "dim", "uneven_light"},
    "upside-down-blurred.jpg": {"upside_down", "blur", "rotate"},
    "scan-150dpi.jpg": {"dpi150", "jpeg40"},
    "clean-scan.png": set(),
}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    import cv2

    from bench.sheet_images import (
        degrade,
        demo_members,
        demo_session,
        mark_page,
        sheet_renders,
    )

    page = sheet_renders(session=demo_session(), members=demo_members(12), dpi=200)[0]
    truth = {}
    for seed, (name, faults) in enumerate(SETS.items(), start=1):
        rng = random.Random(seed)
        marked = mark_page(page, 12, rng, dpi=200)
        data = degrade(marked.image, faults, rng)
        if name.endswith(".png"):
            data = cv2.imencode(
                ".png", cv2.imdecode(__import__("numpy").frombuffer(data, "uint8"), 1)
            )[1].tobytes()
        (HERE / name).write_bytes(data)
        truth[name] = {
            "faults": sorted(faults),
            "rows": marked.truth,
            "written": marked.written,
        }
    (HERE / "truth.json").write_text(json.dumps(truth, indent=1))


if __name__ == "__main__":
    main()
