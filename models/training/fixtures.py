"""The C# inference tests' fixture: N 224x224 patches side by side in one PNG, and per model file the
outputs PyTorch computes from exactly that PNG with the metadata preprocessing.

train.py writes it for the model it trains. To redraw the patches and recompute every shipped model's
expected outputs (e.g. after replacing models):

  /usr/bin/python3 models/training/fixtures.py --data DIR --models models/*.onnx --refresh
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from metrics import predict  # noqa: E402
from stacks import PATCH, StackDataset  # noqa: E402

PATCHES = "patches.png"
PATCHES_INFO = "patches.json"


def pick_patches(data: StackDataset, n: int = 4) -> np.ndarray:
    """Indices of n patches at spread-out z (quantiles of the available z)."""
    order = np.argsort(data.z_um, kind="stable")
    return np.array([order[int(q * (len(order) - 1))] for q in np.linspace(0.15, 0.85, n)])


def read_patches(path: str) -> np.ndarray:
    with Image.open(path) as im:
        strip = np.asarray(im.convert("RGB"))
    if strip.shape[0] != PATCH or strip.shape[1] % PATCH:
        raise ValueError(f"{path}: {strip.shape[1]}x{strip.shape[0]}, expected 224 high and a multiple of 224 wide")
    return np.stack([strip[:, i * PATCH:(i + 1) * PATCH] for i in range(strip.shape[1] // PATCH)])


def write_patches(out_dir: str, data: StackDataset, n: int = 4) -> None:
    idx = pick_patches(data, n)
    os.makedirs(out_dir, exist_ok=True)
    Image.fromarray(np.hstack(list(data.images[idx]))).save(os.path.join(out_dir, PATCHES))
    info = [{"image": str(data.sources[i]), "stack_id": str(data.stack_ids[i]), "z_um": float(data.z_um[i]),
             "kind": str(data.kinds[i])} for i in idx]
    with open(os.path.join(out_dir, PATCHES_INFO), "w", encoding="utf-8") as f:
        json.dump({"png": PATCHES, "objective": data.objective, "patches": info}, f, indent=2)


def write_fixture(out_dir: str, data: StackDataset | None, models: dict[str, torch.nn.Module], n: int = 4) -> dict:
    """Writes patches.png once (kept if present, so every profile's expected outputs refer to the same
    PNG) and <model file>.expected.json for each model."""
    png = os.path.join(out_dir, PATCHES)
    if not os.path.exists(png):
        if data is None:
            raise ValueError(f"{png} is missing and no data was given to draw patches from")
        write_patches(out_dir, data, n)
    patches = read_patches(png)
    z = None
    info_path = os.path.join(out_dir, PATCHES_INFO)
    if os.path.exists(info_path):
        with open(info_path, encoding="utf-8") as f:
            z = [p["z_um"] for p in json.load(f)["patches"]]
    written = {}
    for name, model in models.items():
        outputs = [float(v) for v in predict(model, patches)]
        doc = {"model": name, "inputs": PATCHES, "outputs": outputs}
        if z is not None and len(z) == len(outputs):
            doc["z_um"] = z  # the patches' labels, for orientation; the outputs are what must match
        with open(os.path.join(out_dir, f"{name}.expected.json"), "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2)
        written[name] = outputs
    return written


def main(argv=None) -> int:
    from checkpoint import load_inference_model
    from stacks import load_stacks

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", nargs="+", required=True, help=".onnx model files")
    ap.add_argument("--data", help="stack directory to draw patches from (needed with --refresh)")
    ap.add_argument("--out", default=None, help="fixture directory (default: <dir of first model>/fixtures)")
    ap.add_argument("--refresh", action="store_true", help="draw new patches even if patches.png exists")
    ap.add_argument("--count", type=int, default=4)
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    out = a.out or os.path.join(os.path.dirname(os.path.abspath(a.models[0])), "fixtures")
    if a.refresh:
        if not a.data:
            ap.error("--refresh needs --data")
        write_patches(out, load_stacks(a.data), a.count)
    models = {os.path.basename(p): load_inference_model(p)[0] for p in a.models}
    for name, outputs in write_fixture(out, None, models).items():
        print(name, " ".join(f"{v:.4f}" for v in outputs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
