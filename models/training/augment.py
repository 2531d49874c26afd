"""Preprocessing (the contract's metadata) and the augmentations real use needs: exposure, white
balance, camera noise, JPEG, flips and 90° rotations. None of them changes the sign of defocus: the
sign lives along the optical axis, which a flip or rotation of the image plane does not touch."""
from __future__ import annotations

import io

import numpy as np
import torch
from PIL import Image

SCALE = 1.0 / 255.0
MEAN = (0.5, 0.5, 0.5)
STD = (0.25, 0.25, 0.25)


def preprocess(u8_nhwc: np.ndarray | torch.Tensor) -> torch.Tensor:
    """uint8 [N,H,W,3] RGB -> float32 [N,3,H,W] exactly as the model metadata says."""
    x = torch.as_tensor(u8_nhwc).permute(0, 3, 1, 2).float() * SCALE
    mean = torch.tensor(MEAN).view(1, 3, 1, 1)
    std = torch.tensor(STD).view(1, 3, 1, 1)
    return (x - mean) / std


def _jpeg(u8: np.ndarray, quality: int) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray(u8).save(buf, format="JPEG", quality=quality)
    buf.seek(0)
    with Image.open(buf) as im:
        return np.asarray(im.convert("RGB"))


def _tone(batch: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Exposure, gamma, white balance and offset, as 8-bit levels in float32 (not yet rounded)."""
    n = batch.shape[0]
    # A per-image, per-channel tone curve: one 256-entry lookup table each, far cheaper than float maths on
    # every pixel.
    levels = np.arange(256, dtype=np.float32)[None, None, :] / 255.0
    exposure = rng.uniform(0.65, 1.35, size=(n, 1, 1)).astype(np.float32)
    gamma = rng.uniform(0.8, 1.25, size=(n, 1, 1)).astype(np.float32)
    wb = rng.uniform(0.8, 1.2, size=(n, 3, 1)).astype(np.float32)
    offset = rng.uniform(-0.06, 0.06, size=(n, 1, 1)).astype(np.float32)
    lut = np.clip(levels ** gamma * exposure * wb + offset, 0, 1) * 255.0   # [n, 3, 256]
    x = np.empty(batch.shape, dtype=np.float32)
    for i in range(n):
        for c in range(3):
            x[i, ..., c] = lut[i, c][batch[i, ..., c]]
    return x


def _camera_noise(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Shot-like noise that grows with signal and read noise that does not (8-bit levels), rounded to uint8."""
    n = x.shape[0]
    shot = rng.uniform(0, 0.02 * 16, size=(n, 1, 1, 1)).astype(np.float32)
    read = rng.uniform(0, 0.012 * 255, size=(n, 1, 1, 1)).astype(np.float32)
    noise = rng.standard_normal(x.shape, dtype=np.float32)
    x = x + noise * (read + shot * np.sqrt(x))
    return np.clip(x + 0.5, 0, 255).astype(np.uint8)


def _jpeg_and_orientation(out: np.ndarray, rng: np.random.Generator, jpeg_p: float, orient: bool = True) -> np.ndarray:
    for i in range(out.shape[0]):
        if rng.random() < jpeg_p:
            out[i] = _jpeg(out[i], int(rng.integers(35, 96)))
        if orient:
            k = int(rng.integers(0, 4))
            img = np.rot90(out[i], k)
            if rng.random() < 0.5:
                img = img[:, ::-1]
            out[i] = img
    return out


def augment(batch: np.ndarray, rng: np.random.Generator, jpeg_p: float = 0.3) -> np.ndarray:
    """uint8 [N,224,224,3] -> augmented uint8 copy (what a camera could have delivered)."""
    return _jpeg_and_orientation(_camera_noise(_tone(batch, rng), rng), rng, jpeg_p)


# Each part of the augmentation alone, at the strengths training uses: what evaluate.py --perturb applies to
# held-out images to show how much each kind of camera difference costs the model.
PERTURBATIONS = {
    "tone": lambda b, rng: np.clip(_tone(b, rng) + 0.5, 0, 255).astype(np.uint8),
    "noise": lambda b, rng: _camera_noise(b.astype(np.float32), rng),
    "jpeg": lambda b, rng: _jpeg_and_orientation(b.copy(), rng, 1.0, orient=False),
    "orientation": lambda b, rng: _jpeg_and_orientation(b.copy(), rng, 0.0),
    "train-augment": augment,
}
