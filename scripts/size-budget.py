#!/usr/bin/env python3
"""Prints what the browser downloads for the volunteer app (html, js, wasm,
css), raw and brotli-compressed, and fails when the compressed total is over
the budget (300 KB; an Enketo web form ships about 2 MB). The coordinators'
dashboard (dist/dasbor/, its own bundle, never downloaded by a phone) is
printed too, for the record, without a budget."""

import pathlib
import subprocess
import sys

BUDGET = 300 * 1024
DASHBOARD = "dasbor"
dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist")


def measure(files, root):
    total_raw = total_br = 0
    print(f"{'file':<48} {'raw':>10} {'brotli':>10}")
    for path in files:
        raw = path.stat().st_size
        br = len(subprocess.run(["brotli", "-c", "-q", "11", str(path)], check=True, capture_output=True).stdout)
        total_raw += raw
        total_br += br
        print(f"{path.relative_to(root).as_posix()[-48:]:<48} {raw:>10,} {br:>10,}")
    return total_raw, total_br


def downloaded(root, skip=None):
    # rglob: wasm-bindgen's JS snippets live in snippets/…
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix in {".html", ".js", ".wasm", ".css"} and (skip is None or skip not in p.relative_to(root).parts[:1])
    )


files = downloaded(dist, skip=DASHBOARD)
if not files:
    sys.exit(f"size-budget: nothing to measure in {dist}")
total_raw, total_br = measure(files, dist)
print(f"{'volunteer app total':<48} {total_raw:>10,} {total_br:>10,}  (budget {BUDGET:,} brotli)")
if (dist / DASHBOARD).is_dir():
    print()
    raw, br = measure(downloaded(dist / DASHBOARD), dist)
    print(f"{'dashboard total (no budget)':<48} {raw:>10,} {br:>10,}")
if total_br > BUDGET:
    sys.exit(f"size-budget: {total_br:,} bytes is over the budget of {BUDGET:,}")
print("size-budget: within budget")
