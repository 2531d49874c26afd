#!/usr/bin/env python3
"""Writes an in-focus brightfield image of a specimen none of the shipped models saw: a stained pollen slide.

The procedural kinds the models were trained on are blood smears, tissue sections, cultured cells and sparse
particles. Pollen grains differ in every way that matters to a defocus estimate: thick round bodies with a dark,
sculpted wall (spines, pores), a yellow-brown stain (safranin/basic fuchsin) and large empty background. The
fine-tuning demo (models/README.md) collects stacks of this image with `focusctl collect --simulate --specimen`.

    /usr/bin/python3 models/training/demo/pollen_slide.py --out data/pollen.png [--size 3072] [--seed 7]
"""
import argparse

import numpy as np
from PIL import Image


def grain(canvas, cx, cy, radius, rng, stain):
    size = canvas.shape[0]
    r = int(radius * 1.4) + 2
    x0, x1 = max(0, int(cx) - r), min(size, int(cx) + r)
    y0, y1 = max(0, int(cy) - r), min(size, int(cy) + r)
    if x1 <= x0 or y1 <= y0:
        return
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float64)
    dx, dy = xx - cx, yy - cy
    dist = np.hypot(dx, dy)
    angle = np.arctan2(dy, dx)
    # slightly irregular outline; spines as a periodic bump of the wall
    wobble = 1 + 0.05 * np.sin(3 * angle + rng.uniform(0, 6.3)) + 0.03 * np.sin(5 * angle + rng.uniform(0, 6.3))
    spines = rng.integers(14, 32)
    spine = np.clip(np.cos(spines * angle), 0, 1) ** 8 * radius * 0.12
    edge = radius * wobble
    inside = dist < edge
    wall = np.exp(-((dist - edge) / (radius * 0.07)) ** 2) + 0.8 * np.exp(-((dist - edge - spine) / (radius * 0.04)) ** 2) * (spine > 1)
    # reticulate surface: a cellular pattern inside the grain
    cells = np.sin(dx / radius * rng.uniform(6, 11)) * np.sin(dy / radius * rng.uniform(6, 11))
    body = inside * (0.25 + 0.12 * cells)
    pores = np.zeros_like(dist)
    for k in range(rng.integers(0, 4)):
        pa = rng.uniform(0, 2 * np.pi)
        px, py = cx + 0.75 * edge.mean() * np.cos(pa), cy + 0.75 * edge.mean() * np.sin(pa)
        pores += np.exp(-(((xx - px) ** 2 + (yy - py) ** 2) / (radius * 0.12) ** 2))
    density = np.clip(body + 1.1 * wall - 0.2 * pores * inside, 0, 2)
    for c in range(3):
        canvas[y0:y1, x0:x1, c] *= np.exp(-density * stain[c])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--size", type=int, default=3072)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--grains-per-mpx", type=float, default=45)
    args = parser.parse_args()
    if not 256 <= args.size <= 8192:
        parser.error(f"--size {args.size}: allowed 256 to 8192 pixels")

    rng = np.random.default_rng(args.seed)
    canvas = np.full((args.size, args.size, 3), 0.93)
    n = int(args.grains_per_mpx * args.size * args.size / 1e6)
    for _ in range(n):
        radius = rng.uniform(14, 42)
        # yellow-brown to red-brown: absorbs blue most, red least
        stain = np.array([rng.uniform(0.25, 0.45), rng.uniform(0.6, 0.9), rng.uniform(1.1, 1.5)])
        grain(canvas, rng.uniform(0, args.size), rng.uniform(0, args.size), radius, rng, stain)
    # fine debris and a faint mounting-medium texture, so no field is perfectly empty
    for _ in range(n * 6):
        x, y = rng.integers(0, args.size, 2)
        canvas[max(0, y - 1):y + 2, max(0, x - 1):x + 2] *= rng.uniform(0.7, 0.95)
    canvas *= 1 + 0.01 * rng.standard_normal(canvas.shape)
    Image.fromarray((np.clip(canvas, 0, 1) * 255).round().astype(np.uint8)).save(args.out)
    print(f"wrote {args.out}: {args.size}x{args.size}, {n} pollen grains (seed {args.seed})")


if __name__ == "__main__":
    main()
