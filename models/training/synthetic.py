"""A toy stack dataset in the contract's format, for tests and smoke models when the optical simulator
(`focusctl dataset`) is not at hand. Not physics: Gaussian blur that grows with |z|, plus two cues that
make the sign of z learnable as in real optics: a phase term odd in z (contrast inversion through focus)
and axial colour (red focuses slightly above, blue below).
"""
from __future__ import annotations

import argparse
import csv
import json
import os

import numpy as np
from PIL import Image

KINDS = ("cells", "tissue", "sparse")
PIXEL_SIZE = {"20x-0.75": 0.1725, "40x-0.65": 0.055}
# Axial colour offsets (µm) of the R, G, B planes: the sign cue.
COLOUR_FOCUS_UM = (0.8, 0.0, -0.8)


def _gauss_blur(img: np.ndarray, sigma: float) -> np.ndarray:
    if sigma < 0.05:
        return img
    h, w = img.shape
    fy = np.fft.fftfreq(h)[:, None]
    fx = np.fft.rfftfreq(w)[None, :]
    k = np.exp(-2 * (np.pi * sigma) ** 2 * (fx ** 2 + fy ** 2))
    return np.fft.irfft2(np.fft.rfft2(img) * k, s=(h, w))


def specimen(rng: np.random.Generator, kind: str, h: int, w: int) -> np.ndarray:
    """In-focus transmission, float [h, w, 3] in 0..1."""
    yy, xx = np.mgrid[0:h, 0:w]
    absorb = np.zeros((h, w))
    n = {"cells": 40, "tissue": 0, "sparse": 5}[kind] * (h * w) // (224 * 224)
    for _ in range(n):
        cy, cx, r = rng.uniform(0, h), rng.uniform(0, w), rng.uniform(4, 12)
        d = np.hypot(yy - cy, xx - cx) / r
        absorb += np.clip(1.2 - d, 0, 1) * rng.uniform(0.3, 1.0) + (np.abs(d - 1) < 0.15) * 0.5
    if kind == "tissue":
        absorb = _gauss_blur(rng.normal(size=(h, w)), 2.5)
        absorb = np.clip((absorb - absorb.min()) / (np.ptp(absorb) + 1e-9) * 1.5 - 0.3, 0, 1)
    tint = rng.uniform([0.2, 0.5, 0.2], [0.6, 0.9, 0.5])
    return np.clip(1.0 - absorb[..., None] * tint[None, None, :], 0, 1)


def _laplacian(img: np.ndarray) -> np.ndarray:
    return (np.roll(img, 1, 0) + np.roll(img, -1, 0) + np.roll(img, 1, 1) + np.roll(img, -1, 1) - 4 * img)


def render(spec: np.ndarray, z_um: float, pixel_size_um: float, rng: np.random.Generator) -> np.ndarray:
    out = np.empty_like(spec)
    # Phase contrast that is odd in z (transport of intensity: dI ~ -z * laplacian(phase)), saturating
    # and blurring away from focus: the main sign cue of real bright-field stacks.
    phase = 1.0 - spec.mean(axis=2)
    z_eff = z_um / (1.0 + abs(z_um) / 3.0)
    for c in range(3):
        sigma_px = (0.6 * abs(z_um - COLOUR_FOCUS_UM[c]) + 0.3) / (pixel_size_um / 0.1725) / 2.0
        blurred = _gauss_blur(spec[..., c], sigma_px)
        out[..., c] = blurred - 3.0 * z_eff * _laplacian(_gauss_blur(phase, 1.0 + sigma_px))
    out = out * 0.9 + rng.normal(0, 0.01, out.shape)
    return (np.clip(out, 0, 1) * 255 + 0.5).astype(np.uint8)


def write_dataset(out: str, objective: str = "20x-0.75", stacks: int = 8, range_um: float = 10.0,
                  step_um: float = 0.5, seed: int = 0, width: int = 224, height: int = 224,
                  kinds: tuple[str, ...] = KINDS) -> str:
    rng = np.random.default_rng(seed)
    pix = PIXEL_SIZE.get(objective, 0.1725)
    os.makedirs(os.path.join(out, "stacks"), exist_ok=True)
    zs = np.round(np.arange(-range_um, range_um + step_um / 2, step_um), 4)
    with open(os.path.join(out, "dataset.json"), "w", encoding="utf-8") as f:
        json.dump({"format": "focuscontroller-stacks", "format_version": 1, "source": "synthetic",
                   "objective": objective, "pixel_size_um": pix, "range_um": range_um, "step_um": step_um,
                   "width": width, "height": height, "seed": seed, "kinds": list(kinds),
                   "generator": "models/training/synthetic.py (toy blur, not the optical simulator)"}, f)
    with open(os.path.join(out, "labels.csv"), "w", encoding="utf-8", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["image", "stack_id", "z_um", "objective", "pixel_size_um", "kind"])
        for s in range(stacks):
            sid = f"s{s:06d}"
            kind = kinds[s % len(kinds)]
            spec = specimen(rng, kind, height, width)
            os.makedirs(os.path.join(out, "stacks", sid), exist_ok=True)
            for z in zs:
                rel = f"stacks/{sid}/z{'+' if z >= 0 else '-'}{abs(z):05.2f}.png"
                Image.fromarray(render(spec, float(z), pix, rng)).save(os.path.join(out, *rel.split("/")))
                wr.writerow([rel, sid, f"{z:.2f}", objective, f"{pix}", kind])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--objective", default="20x-0.75")
    ap.add_argument("--stacks", type=int, default=8)
    ap.add_argument("--range", type=float, default=10.0, dest="range_um")
    ap.add_argument("--step", type=float, default=0.5, dest="step_um")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    write_dataset(a.out, a.objective, a.stacks, a.range_um, a.step_um, a.seed)


if __name__ == "__main__":
    main()
