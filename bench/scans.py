"""Scanned sign-in sheets: how often the reader is right, how fast, how big.

``python -m bench scans``. Our own sheet (``scans.printing``) is rendered at
300 dpi, every box ticked, crossed, scribbled, blacked out or left empty
(``bench.sheet_images``), and each picture degraded by two to four of
rotation up to ±20°, perspective, blur, uneven light, a shadow, a dim hall,
JPEG quality 40, 150 dpi and upside down. A seed fixes it all
(``SCAN_BENCH_SEED``, default 16; ``SCAN_BENCH_PAGES``, default 520).

"Right without help" counts a box whose mark equals the truth (a blacked-out
box's truth is "unsure": nobody can tell a struck-out tick from a firm one).
A "silent error" is a box read ticked or empty and wrong: a question would
have been better. The timed part is what the worker does for one page:
decode the upload, find markers, straighten, read the QR code, measure the
boxes. The reference, timed in the same run, is decoding the JPEG alone.
"""

import os
import random
import resource
import statistics
import time
from collections import Counter

from bench._common import bench_dir, machine


def _setup():
    bench_dir()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    import django

    django.setup()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Tally:
    def __init__(self):
        self.boxes = Counter()  # (truth, read)
        self.kinds = Counter()
        self.faults = Counter()
        self.pages = 0
        self.refused = Counter()
        self.qr_read = 0
        self.markers_seen = 0
        self.seconds: list[float] = []
        self.cpu_seconds: list[float] = []  # unaffected by others on the machine
        self.decode_seconds: list[float] = []
        self.written = Counter()  # (wrote, seen)

    def add(self, marked, reading):
        for truth, kind, box in zip(
            marked.truth, marked.kinds, reading.boxes, strict=True
        ):
            self.boxes[(truth, box.mark.value)] += 1
            self.kinds[kind] += 1

    def report(self, title: str):
        total = sum(self.boxes.values())
        right = sum(n for (truth, read), n in self.boxes.items() if truth == read)
        silent = sum(
            n
            for (truth, read), n in self.boxes.items()
            if read != "unsure" and read != truth
        )
        asked = sum(
            n
            for (truth, read), n in self.boxes.items()
            if read == "unsure" and truth != "unsure"
        )
        print(f"\n-- {title}")
        print(
            f"pages: {self.pages}, read: {self.pages - sum(self.refused.values())}, refused: {dict(self.refused) or 0}"
        )
        if self.faults:
            print(
                "degradations (pages with each): "
                + ", ".join(f"{k} {v}" for k, v in sorted(self.faults.items()))
            )
        print(
            "marks drawn: "
            + ", ".join(f"{k} {v}" for k, v in sorted(self.kinds.items()))
        )
        if total:
            print(
                f"boxes: {total}; right without help: {right} ({100 * right / total:.2f}%, target >= 99.5%)"
            )
            print(
                f"silent errors (read ticked/empty, wrong): {silent} ({100 * silent / total:.3f}%, target <= 0.1%)"
            )
            print(
                f"asked (unsure, but clear on paper): {asked} ({100 * asked / total:.2f}%)"
            )
            print(
                "truth -> read: "
                + ", ".join(f"{t}->{r} {n}" for (t, r), n in sorted(self.boxes.items()))
            )
        self.report_reading()

    def report_reading(self):
        """QR codes, walk-ins' writing, and time."""
        if self.markers_seen:
            rate = 100 * self.qr_read / self.markers_seen
            print(
                f"QR read on pages with all four markers found: {self.qr_read}/{self.markers_seen} ({rate:.1f}%)"
            )
        if self.written:
            seen_right = self.written[(True, True)] + self.written[(False, False)]
            print(
                f"walk-in rows told written/blank right: {seen_right}/{sum(self.written.values())}"
            )
        if self.seconds:
            mean = statistics.mean(self.seconds)
            p95 = sorted(self.seconds)[int(0.95 * (len(self.seconds) - 1))]
            ref = statistics.mean(self.decode_seconds)
            print(
                f"seconds a page: mean {mean:.3f}, p95 {p95:.3f}, max {max(self.seconds):.3f} (target < 2 s); "
                f"reference, decoding the upload alone: {ref:.3f} s; ratio {mean / ref:.1f}x"
            )
            print(
                f"CPU seconds a page (this process only, so a busy machine does not count): "
                f"mean {statistics.mean(self.cpu_seconds):.3f}, max {max(self.cpu_seconds):.3f}"
            )


def _one(tally, data, marked, *, member_rows):
    import numpy as np

    from bench.sheet_images import decode
    from scans.reader import ReadError, page_read
    from scans.reader.boxes import WRITTEN_MIN
    from scans.reader.markers import markers_find

    tally.pages += 1
    cpu = time.process_time()
    start = time.perf_counter()
    image = decode(data)
    decoded = time.perf_counter()
    try:
        reading = page_read(image)
    except ReadError as error:
        tally.seconds.append(time.perf_counter() - start)
        tally.refused[str(error)[:40]] += 1
        gray = image.mean(axis=2).astype(np.uint8)
        if len(markers_find(gray)) == 4:
            tally.markers_seen += 1
        return
    tally.seconds.append(time.perf_counter() - start)
    tally.cpu_seconds.append(time.process_time() - cpu)
    tally.decode_seconds.append(decoded - start)
    tally.markers_seen += 1
    tally.qr_read += 1
    tally.add(marked, reading)
    for position in range(member_rows, len(marked.written)):
        tally.written[
            (marked.written[position], reading.written[position] >= WRITTEN_MIN)
        ] += 1


_ONE_PAGE = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
import django; django.setup()
from bench.sheet_images import decode
from scans.reader import page_read
data = open(sys.argv[1], "rb").read()
page_read(decode(data[:0] + open(sys.argv[2], "rb").read()))  # warm up the libraries
def hwm():  # VmHWM: this process's own peak (ru_maxrss survives exec from the parent)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
before = hwm()
page_read(decode(data))
after = hwm()
print(f"{before / 1024:.0f} {after / 1024:.0f}")
"""


def _reader_memory(photo: bytes, small: bytes) -> str:
    """The reader's own peak, in a fresh process: one photo after a small one."""
    import subprocess
    import sys

    folder = bench_dir()
    (folder / "photo.jpg").write_bytes(photo)
    (folder / "small.jpg").write_bytes(small)
    out = subprocess.run(  # noqa: S603 - our own interpreter and script
        [
            sys.executable,
            "-c",
            _ONE_PAGE,
            str(folder / "photo.jpg"),
            str(folder / "small.jpg"),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    before, after = float(out[0]), float(out[1])
    return f"{after:.0f} MB peak RSS reading one {{}} photo ({after - before:.0f} MB over the {before:.0f} MB the process held after Django and a first, 150 dpi picture)"


def main():
    _setup()
    import cv2

    from bench.sheet_images import (
        choose_degradations,
        degrade,
        demo_members,
        demo_session,
        mark_page,
        sheet_renders,
    )

    seed = int(os.environ.get("SCAN_BENCH_SEED", "16"))
    count = int(os.environ.get("SCAN_BENCH_PAGES", "520"))
    clean_count = int(os.environ.get("SCAN_BENCH_CLEAN_PAGES", "100"))
    print(f"machine: {machine()}")
    print(f"seed {seed}, {count} degraded pages, {clean_count} clean 300 dpi scans")
    layouts = [
        (12, sheet_renders(session=demo_session(), members=demo_members(12))[0]),
        (15, sheet_renders(session=demo_session(), members=demo_members(15))[0]),
    ]
    rss_before = _rss_mb()
    rng = random.Random(seed)
    degraded = Tally()
    biggest = small = b""
    for _ in range(count):
        member_rows, page = rng.choice(layouts)
        marked = mark_page(page, member_rows, rng)
        faults = choose_degradations(rng)
        degraded.faults.update(faults)
        data = degrade(marked.image, faults, rng)
        if "dpi150" not in faults and {"rotate", "perspective"} & faults:
            biggest = data
        if "dpi150" in faults:
            small = data
        _one(degraded, data, marked, member_rows=member_rows)
        if degraded.pages % 100 == 0:
            print(f"... {degraded.pages} pages", flush=True)
    degraded.report("degraded photos and scans")
    clean = Tally()
    for _ in range(clean_count):
        member_rows, page = rng.choice(layouts)
        marked = mark_page(page, member_rows, rng)
        png = cv2.imencode(".png", cv2.cvtColor(marked.image, cv2.COLOR_RGB2BGR))[
            1
        ].tobytes()
        _one(clean, png, marked, member_rows=member_rows)
    clean.report("clean scans at 300 dpi (PNG)")
    print(
        f"\npeak memory of the benchmark process (it also draws the pictures): {_rss_mb():.0f} MB; "
        f"{rss_before:.0f} MB before the first page"
    )
    if biggest and small:
        from bench.sheet_images import decode

        height, width = decode(biggest).shape[:2]
        label = f"{width}x{height} ({width * height / 1e6:.0f} MP)"
        print("reader alone: " + _reader_memory(biggest, small).format(label))


if __name__ == "__main__":
    main()
