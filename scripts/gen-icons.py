#!/usr/bin/env python3
"""Draws the app icons (a white check mark on the brand red) as PNGs with the
standard library only. The maskable icon keeps the mark inside the central
safe zone (80%) and fills the whole square with the background."""

import pathlib
import struct
import zlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "public" / "icons"
RED = (0x8A, 0x1C, 0x1C)
WHITE = (0xFF, 0xFF, 0xFF)


def png(path, size, pixel):
    rows = b"".join(b"\0" + b"".join(bytes(pixel(x, y, size)) for x in range(size)) for y in range(size))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
    path.write_bytes(data)


def dist_to_segment(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


def check_mark(scale, offset):
    # The SVG's path M16 34 l10 10 22-24 on a 64-unit square.
    pts = [(16, 34), (26, 44), (48, 20)]
    def inside(u, v):
        u, v = (u - offset) / scale, (v - offset) / scale
        return min(dist_to_segment(u, v, *pts[0], *pts[1]), dist_to_segment(u, v, *pts[1], *pts[2])) <= 3.5
    return inside


def icon(maskable):
    def pixel(x, y, size):
        u, v = x * 64 / size, y * 64 / size
        if maskable:
            mark = check_mark(0.7, 32 * 0.3)
            return WHITE if mark(u, v) else RED
        r = 14
        cx, cy = min(max(u, r), 64 - r), min(max(v, r), 64 - r)
        if (u - cx) ** 2 + (v - cy) ** 2 > r * r:
            return WHITE  # outside the rounded corner
        return WHITE if check_mark(1.0, 0)(u, v) else RED
    return pixel


OUT.mkdir(parents=True, exist_ok=True)
png(OUT / "icon-192.png", 192, icon(False))
png(OUT / "icon-512.png", 512, icon(False))
png(OUT / "icon-maskable-512.png", 512, icon(True))
print("icons written to", OUT)
