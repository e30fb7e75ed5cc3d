#!/usr/bin/env python3
"""Writes `.gz` (gzip -9) and `.br` (brotli -q 11) beside every compressible
file of the built app, so the server sends them without compressing per
request (tower-http's ServeDir picks them by Accept-Encoding).

Called last by scripts/sw-precache.py (sw.js must be final first). The
`.br` files need the `brotli` CLI (Debian package `brotli`, which ./x
installs); without it only `.gz` is written, with a note."""

import gzip
import pathlib
import shutil
import subprocess
import sys

COMPRESSIBLE = {".html", ".js", ".wasm", ".css", ".webmanifest", ".svg", ".json"}

dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
brotli = shutil.which("brotli")
files = sorted(p for p in dist.rglob("*") if p.is_file() and p.suffix in COMPRESSIBLE)
for path in files:
    raw = path.read_bytes()
    # mtime=0: the same input gives the same bytes, build after build.
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    if brotli:
        subprocess.run([brotli, "-f", "-q", "11", "-o", str(path) + ".br", str(path)], check=True)
note = "" if brotli else " (no brotli CLI: .br skipped; apt-get install brotli)"
print(f"precompress: {len(files)} files{note}")
