"""The C# inference tests' fixture: N 224x224 patches side by side in one PNG, and per model file the
outputs PyTorch computes from exactly that PNG with the metadata preprocessing."""
from __future__ import annotations

import json
import os

import numpy as np
import torch
from PIL import Image

from metrics import predict
from stacks import PATCH, StackDataset

PATCHES = "patches.png"


def pick_patches(data: StackDataset, n: int = 4) -> np.ndarray:
    """n patches at spread-out z (quantiles of the available z), from different stacks where possible."""
    order = np.argsort(data.z_um, kind="stable")
    picks = []
    for q in np.linspace(0.15, 0.85, n):
        i = order[int(q * (len(order) - 1))]
        picks.append(i)
    return data.images[np.array(picks)]


def read_patches(path: str) -> np.ndarray:
    with Image.open(path) as im:
        strip = np.asarray(im.convert("RGB"))
    if strip.shape[0] != PATCH or strip.shape[1] % PATCH:
        raise ValueError(f"{path}: {strip.shape[1]}x{strip.shape[0]}, expected 224 high and a multiple of 224 wide")
    return np.stack([strip[:, i * PATCH:(i + 1) * PATCH] for i in range(strip.shape[1] // PATCH)])


def write_fixture(out_dir: str, data: StackDataset, models: dict[str, torch.nn.Module], n: int = 4) -> dict:
    """Writes patches.png once (kept if present, so every profile's expected outputs refer to the same
    PNG) and <model file>.expected.json for each model."""
    os.makedirs(out_dir, exist_ok=True)
    png = os.path.join(out_dir, PATCHES)
    if not os.path.exists(png):
        Image.fromarray(np.hstack(list(pick_patches(data, n)))).save(png)
    patches = read_patches(png)
    written = {}
    for name, model in models.items():
        outputs = [float(v) for v in predict(model, patches)]
        with open(os.path.join(out_dir, f"{name}.expected.json"), "w", encoding="utf-8") as f:
            json.dump({"model": name, "inputs": PATCHES, "outputs": outputs}, f, indent=2)
        written[name] = outputs
    return written
