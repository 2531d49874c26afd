"""The model card's accuracy figures, and batched prediction from uint8 patches."""
from __future__ import annotations

import numpy as np
import torch

from augment import preprocess


def patch_views(images_u8: np.ndarray, views: int) -> list[np.ndarray]:
    """The first `views` of uint8 [N,H,W,3] patches that the C# estimator averages (Inference/PatchView.cs): 1 as seen;
    4 the quarter turns (np.rot90, k = 0..3); 8 those and the same turns of the left-right mirror image."""
    if views not in (1, 4, 8):
        raise ValueError(f"views must be 1, 4 or 8, got {views}")
    turns = [np.rot90(images_u8, k, axes=(1, 2)) for k in range(4 if views > 1 else 1)]
    if views == 8:
        mirrored = images_u8[:, :, ::-1]
        turns += [np.rot90(mirrored, k, axes=(1, 2)) for k in range(4)]
    return [np.ascontiguousarray(t) for t in turns]


@torch.no_grad()
def predict(model: torch.nn.Module, images_u8: np.ndarray, batch: int = 64, views: int = 1) -> np.ndarray:
    """Defocus in µm for uint8 [N,224,224,3] patches (model in eval mode, output [N,1] µm), the mean over `views`
    views of each patch (patch_views)."""
    model.eval()
    per_view = []
    for v in patch_views(images_u8, views):
        out = [model(preprocess(v[i:i + batch])).reshape(-1).numpy() for i in range(0, len(v), batch)]
        per_view.append(np.concatenate(out) if out else np.zeros(0, dtype=np.float32))
    return np.mean(per_view, axis=0).astype(np.float32)


def near_focus_gain(pred: np.ndarray, z: np.ndarray, stack_ids: np.ndarray, within_um: float = 1.0) -> float | None:
    """How much the reading grows per µm of true defocus near focus: the median over stacks of the slope of a line
    fitted to each stack's estimates within `within_um` of focus. None without a stack that has three such images.
    A model that reads a small defocus short (slope < 1) is in focus only when its reading is well under the
    tolerance; the controller reads this from the model file's metadata (docs/contracts.md)."""
    slopes = []
    for sid in sorted(set(stack_ids.tolist())):
        m = (stack_ids == sid) & (np.abs(z) <= within_um + 1e-9)
        if m.sum() >= 3 and np.ptp(z[m]) > 0:
            slopes.append(np.polyfit(z[m].astype(np.float64), pred[m].astype(np.float64), 1)[0])
    return float(np.median(slopes)) if slopes else None


def evaluation_indices(n: int, smoke: bool) -> np.ndarray:
    """Which of n test patches the metrics.json figures are measured on: all of them, or at most 200 evenly
    spread for a smoke model (train.py and quantize.py must measure the same ones)."""
    return np.linspace(0, n - 1, min(n, 200 if smoke else n)).astype(int)


def graph_check_indices(n: int) -> np.ndarray:
    """A few test patches, evenly spread, that the exported graph itself is run on (the numpy interpreter
    is slow)."""
    return np.linspace(0, n - 1, min(8, n)).astype(int)


def _rmse(e: np.ndarray) -> float | None:
    return float(np.sqrt(np.mean(e ** 2))) if len(e) else None


def accuracy(pred: np.ndarray, z: np.ndarray) -> dict:
    """median |err| and RMSE for |z|<=5, RMSE for |z|<=10, sign accuracy for |z|>=1 (all µm)."""
    pred, z = np.asarray(pred, dtype=np.float64), np.asarray(z, dtype=np.float64)
    err = pred - z
    near, mid, far = np.abs(z) <= 5, np.abs(z) <= 10, np.abs(z) >= 1
    return {
        "n": int(len(z)),
        "median_abs_err_um_z5": float(np.median(np.abs(err[near]))) if near.any() else None,
        "rmse_um_z5": _rmse(err[near]),
        "rmse_um_z10": _rmse(err[mid]),
        "sign_accuracy_z1": float(np.mean(np.sign(pred[far]) == np.sign(z[far]))) if far.any() else None,
    }
