"""Reads labelled defocus stacks in the format of docs/contracts.md ("Labelled stacks").

Every PNG is decoded once into one uint8 array in memory; training then never touches the disk.
Simulated 224x224 frames are used whole; larger (collected) frames are cut into non-overlapping 224x224
patches, dropping nearly blank ones (the paper's sigma), since their defocus cannot be seen.
"""
from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

PATCH = 224
REQUIRED_COLUMNS = ("image", "stack_id", "z_um", "objective", "pixel_size_um", "kind")
# Std of the grey level (0-255) under which a cut patch counts as blank.
BLANK_STD = 3.0
MAX_PATCHES_PER_FRAME = 12


class StackFormatError(ValueError):
    """The directory does not follow the labelled-stack contract; the message names file, row and value."""


@dataclass
class StackDataset:
    root: str
    images: np.ndarray            # uint8 [M, 224, 224, 3], RGB
    z_um: np.ndarray              # float32 [M]
    stack_ids: np.ndarray         # object [M]
    kinds: np.ndarray             # object [M]
    sources: np.ndarray           # object [M], the labels.csv image path each patch came from
    objective: str
    pixel_size_um: float
    manifest: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.z_um)

    def subset(self, idx: np.ndarray) -> "StackDataset":
        return StackDataset(self.root, self.images[idx], self.z_um[idx], self.stack_ids[idx],
                            self.kinds[idx], self.sources[idx], self.objective, self.pixel_size_um,
                            self.manifest)

    def concat(self, other: "StackDataset", tag: str) -> "StackDataset":
        """This set plus `other`'s patches, its stack ids prefixed with `tag` so no two stacks share an id.
        Both must be at the same objective and pixel size: a model is only valid at one."""
        if other.objective != self.objective or abs(other.pixel_size_um - self.pixel_size_um) > 1e-6:
            raise StackFormatError(f"{other.root}: objective {other.objective} at {other.pixel_size_um} um/pixel, "
                                   f"but {self.root} is {self.objective} at {self.pixel_size_um} um/pixel")
        ids = np.array([f"{tag}:{s}" for s in other.stack_ids.tolist()], dtype=object)
        return StackDataset(self.root, np.concatenate([self.images, other.images]),
                            np.concatenate([self.z_um, other.z_um]), np.concatenate([self.stack_ids, ids]),
                            np.concatenate([self.kinds, other.kinds]), np.concatenate([self.sources, other.sources]),
                            self.objective, self.pixel_size_um, self.manifest)

    def summary(self) -> dict:
        """What the model's `training_data` metadata says about this data."""
        m = self.manifest
        return {
            "source": m.get("source", "unknown"),
            "generator": m.get("generator"),
            "stacks": int(len(set(self.stack_ids.tolist()))),
            "images": int(len(set(self.sources.tolist()))),
            "patches": int(len(self)),
            "kinds": sorted(set(self.kinds.tolist())),
            "seeds": [m["seed"]] if m.get("seed") is not None else [],
            "range_um": m.get("range_um", float(np.max(np.abs(self.z_um))) if len(self) else None),
            "step_um": m.get("step_um"),
            "objective": self.objective,
            "pixel_size_um": self.pixel_size_um,
        }


def cut_patches(frame: np.ndarray, max_patches: int | None = MAX_PATCHES_PER_FRAME) -> list[np.ndarray]:
    """224x224 frames whole; larger ones as a centred grid of non-overlapping, non-blank patches (at
    most `max_patches`, the most textured, so a stack of full-HD frames does not fill the memory)."""
    h, w = frame.shape[:2]
    if h == PATCH and w == PATCH:
        return [frame]
    ny, nx = h // PATCH, w // PATCH
    y0, x0 = (h - ny * PATCH) // 2, (w - nx * PATCH) // 2
    out = []
    for j in range(ny):
        for i in range(nx):
            p = frame[y0 + j * PATCH:y0 + (j + 1) * PATCH, x0 + i * PATCH:x0 + (i + 1) * PATCH]
            texture = float(p.mean(axis=2).std())
            if texture >= BLANK_STD:
                out.append((texture, len(out), np.ascontiguousarray(p)))
    if max_patches is not None and len(out) > max_patches:
        out = sorted(sorted(out, key=lambda t: -t[0])[:max_patches], key=lambda t: t[1])
    return [p for _, _, p in out]


def _read_manifest(root: str) -> dict:
    path = os.path.join(root, "dataset.json")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        try:
            m = json.load(f)
        except json.JSONDecodeError as e:
            raise StackFormatError(f"{path}: not valid JSON ({e})") from e
    if m.get("format") not in (None, "focuscontroller-stacks"):
        raise StackFormatError(f"{path}: format is {m.get('format')!r}, expected 'focuscontroller-stacks'")
    return m


def load_stacks(root: str, objective: str | None = None, max_stacks: int | None = None) -> StackDataset:
    """Loads DIR/labels.csv and its images. `objective` (if given) must match every row's objective."""
    manifest = _read_manifest(root)
    labels = os.path.join(root, "labels.csv")
    if not os.path.exists(labels):
        raise StackFormatError(f"{labels}: missing (a stack directory needs labels.csv, see docs/contracts.md)")
    with open(labels, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise StackFormatError(f"{labels}: missing column(s) {', '.join(missing)}; "
                                   f"required: {', '.join(REQUIRED_COLUMNS)}")
        rows = list(reader)
    if not rows:
        raise StackFormatError(f"{labels}: no rows")
    if max_stacks is not None:
        keep = []
        for r in rows:
            if r["stack_id"] not in keep:
                keep.append(r["stack_id"])
        keep = set(keep[:max_stacks])
        rows = [r for r in rows if r["stack_id"] in keep]

    images, z, sids, kinds, sources, pix = [], [], [], [], [], []
    objectives = set()
    for n, r in enumerate(rows, start=2):
        where = f"{labels} line {n}"
        try:
            zf = float(r["z_um"])
            pf = float(r["pixel_size_um"])
        except ValueError as e:
            raise StackFormatError(f"{where}: z_um={r['z_um']!r} / pixel_size_um={r['pixel_size_um']!r} "
                                   "must be invariant-culture numbers") from e
        if not np.isfinite(zf) or not np.isfinite(pf) or pf <= 0:
            raise StackFormatError(f"{where}: z_um and pixel_size_um must be finite, pixel size > 0")
        if objective is not None and r["objective"] != objective:
            raise StackFormatError(f"{where}: objective is {r['objective']!r}, training asked for {objective!r}")
        objectives.add(r["objective"])
        path = os.path.join(root, *r["image"].split("/"))
        try:
            with Image.open(path) as im:
                frame = np.asarray(im.convert("RGB"), dtype=np.uint8)
        except (OSError, ValueError) as e:
            raise StackFormatError(f"{where}: cannot read image {r['image']!r} ({e})") from e
        if frame.shape[0] < PATCH or frame.shape[1] < PATCH:
            raise StackFormatError(f"{where}: image {r['image']!r} is {frame.shape[1]}x{frame.shape[0]}, "
                                   f"smaller than the {PATCH}x{PATCH} patch")
        for p in cut_patches(frame):
            images.append(p)
            z.append(zf)
            sids.append(r["stack_id"])
            kinds.append(r["kind"] or "unknown")
            sources.append(r["image"])
            pix.append(pf)
    if len(objectives) > 1:
        raise StackFormatError(f"{labels}: several objectives {sorted(objectives)}; one model is trained per objective")
    if not images:
        raise StackFormatError(f"{labels}: every patch was blank")
    return StackDataset(
        root=root,
        images=np.stack(images),
        z_um=np.asarray(z, dtype=np.float32),
        stack_ids=np.asarray(sids, dtype=object),
        kinds=np.asarray(kinds, dtype=object),
        sources=np.asarray(sources, dtype=object),
        objective=objectives.pop(),
        pixel_size_um=float(np.median(pix)),
        manifest=manifest,
    )


def split_by_stack(stack_ids: np.ndarray, test_fraction: float = 0.1, seed: int = 0
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Index arrays (train, test). Whole stacks go to one side, so no field of view is on both; with at
    least two stacks the test side gets at least one."""
    unique = sorted(set(stack_ids.tolist()))
    rng = np.random.default_rng(seed)
    order = [unique[i] for i in rng.permutation(len(unique))]
    n_test = int(round(len(unique) * test_fraction))
    if len(unique) >= 2:
        n_test = min(max(n_test, 1), len(unique) - 1)
    test = set(order[:n_test])
    is_test = np.array([s in test for s in stack_ids.tolist()], dtype=bool)
    return np.flatnonzero(~is_test), np.flatnonzero(is_test)
