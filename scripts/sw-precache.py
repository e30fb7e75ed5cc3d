#!/usr/bin/env python3
"""Trunk post_build hook: write the precache list and a content-derived
cache version into the staged service worker.

The version is a hash of every staged file, so an unchanged build keeps its
cache and any change installs a new one. The dashboard's build (no service
worker: it needs the network anyway) is only precompressed."""

import hashlib
import json
import os
import pathlib
import re
import subprocess
import sys

staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR") or sys.argv[1])
sw = staging / "sw.js"
precompress = [sys.executable, str(pathlib.Path(__file__).with_name("precompress.py")), str(staging)]


def drop_unused_snippets(root):
    """wasm-bindgen copies every JS snippet of the crate into each bundle,
    the dashboard's into the volunteers' too. One that no script of this
    bundle imports is never fetched: dropped, it is neither precached by
    phones nor counted against the size budget."""
    scripts = "".join(p.read_text(encoding="utf-8") for p in root.glob("*.js") if p != sw)
    snippets = root / "snippets"
    dropped = []
    for path in sorted(snippets.rglob("*.js")) if snippets.is_dir() else []:
        if path.relative_to(root).as_posix() not in scripts:
            path.unlink()
            dropped.append(path.relative_to(root).as_posix())
            print(f"sw-precache: dropped {dropped[-1]} (not imported by this bundle)")
    return dropped


def tidy_index_html(root, dropped):
    """The shipped index.html loses its comments (they say why in
    app/index.html; phones download them on every first visit) and Trunk's
    preload links to the snippets dropped above: a preload of a file that
    is not there is a failed request, and a console error, on every visit."""
    page = root / "index.html"
    if not page.exists():
        return
    html = re.sub(r"<!--.*?-->[ \t]*\n?", "", page.read_text(encoding="utf-8"), flags=re.S)
    for rel in dropped:
        html = re.sub(r'<link rel="modulepreload" href="[^"]*/' + re.escape(rel) + r'"[^>]*>', "", html)
    page.write_text(html, encoding="utf-8")


def drop_line_comments():
    """The shipped service worker loses its whole-line comments: they say
    why in the source, and phones would download them on every install
    (about 330 bytes brotli). Not the snippets: index.html pins their bytes
    (integrity), and Trunk's minifier does not parse wasm-bindgen's glue."""
    if sw.exists():
        lines = sw.read_text(encoding="utf-8").splitlines(keepends=True)
        sw.write_text("".join(l for l in lines if not l.lstrip().startswith("//")), encoding="utf-8")


tidy_index_html(staging, drop_unused_snippets(staging))
drop_line_comments()
if not sw.exists():
    subprocess.run(precompress, check=True)
    sys.exit(0)
files = sorted(p for p in staging.rglob("*") if p.is_file() and p != sw)

digest = hashlib.sha256()
urls = []
for path in files:
    rel = path.relative_to(staging).as_posix()
    digest.update(rel.encode() + b"\0" + path.read_bytes())
    urls.append("/" + rel)

source = sw.read_text(encoding="utf-8")
for placeholder in ("__PRECACHE__", "__VERSION__"):
    if placeholder not in source:
        sys.exit(f"sw-precache: {placeholder} not found in {sw}")
source = source.replace("__PRECACHE__", json.dumps(urls)).replace("__VERSION__", digest.hexdigest()[:16])
sw.write_text(source, encoding="utf-8")
print(f"sw-precache: {len(urls)} files, version {digest.hexdigest()[:16]}")
subprocess.run(precompress, check=True)
