#!/usr/bin/env python3
"""Decode a PNG (8-bit RGB/RGBA, non-interlaced, as Chromium writes) with the standard library.

usage: png_colors.py FILE.png RRGGBB... ; prints "WIDTHxHEIGHT nonwhite=N RRGGBB=N ..." and
exits 1 unless the image is drawn on (> 2 %) and every colour is present (>= 200 pixels)."""
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise SystemExit(f"{path}: unsupported PNG (depth {depth}, type {ctype}, interlace {interlace})")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    path, colours = sys.argv[1], [c.lower().lstrip("#") for c in sys.argv[2:]]
    width, height, bpp, rows = decode(path)
    wanted = {bytes.fromhex(c): c for c in colours}
    counts = {c: 0 for c in colours}
    nonwhite = 0
    for row in rows:
        for x in range(0, len(row), bpp):
            px = row[x:x + 3]
            if px != b"\xff\xff\xff":
                nonwhite += 1
            if px in wanted:
                counts[wanted[px]] += 1
    report = " ".join(f"{c}={n}" for c, n in counts.items())
    print(f"{path}: {width}x{height} nonwhite={nonwhite} {report}")
    ok = nonwhite > 0.02 * width * height and all(n >= 200 for n in counts.values())
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
