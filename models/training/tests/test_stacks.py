import csv
import os

import numpy as np
import pytest
from PIL import Image

from augment import MEAN, PERTURBATIONS, SCALE, STD, augment, preprocess
from stacks import StackFormatError, load_stacks, split_by_stack


def test_loader_reads_the_contract_format(tiny_stacks):
    data = load_stacks(tiny_stacks, objective="20x-0.75")
    assert data.images.shape == (20, 224, 224, 3) and data.images.dtype == np.uint8
    assert sorted(set(data.stack_ids.tolist())) == ["s000000", "s000001", "s000002", "s000003"]
    assert sorted(set(data.z_um.tolist())) == [-4.0, -2.0, 0.0, 2.0, 4.0]
    assert data.objective == "20x-0.75" and data.pixel_size_um == pytest.approx(0.1725)
    # The cached pixels are the PNG's pixels.
    with open(os.path.join(tiny_stacks, "labels.csv"), encoding="utf-8") as f:
        row = next(csv.DictReader(f))
    png = np.asarray(Image.open(os.path.join(tiny_stacks, row["image"])).convert("RGB"))
    assert np.array_equal(data.images[0], png)
    assert data.z_um[0] == float(row["z_um"])
    s = data.summary()
    assert s["stacks"] == 4 and s["images"] == 20 and s["source"] == "synthetic"


def _write(root, rows, header=("image", "stack_id", "z_um", "objective", "pixel_size_um", "kind")):
    with open(os.path.join(root, "labels.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def test_large_collected_frames_are_cut_into_patches_and_blank_ones_dropped(tmp_path):
    rng = np.random.default_rng(0)
    frame = np.full((300, 700, 3), 230, dtype=np.uint8)       # 3 patch columns x 1 row fit
    frame[:, :460] = rng.integers(0, 255, (300, 460, 3), dtype=np.uint8)  # right-hand patch stays blank
    os.makedirs(tmp_path / "stacks" / "c1")
    Image.fromarray(frame).save(tmp_path / "stacks" / "c1" / "z+01.00.png")
    _write(tmp_path, [["stacks/c1/z+01.00.png", "c1", "1.00", "my-objective", "0.2", "unknown"]])
    data = load_stacks(str(tmp_path))
    assert len(data) == 2
    assert np.array_equal(data.images[0], frame[38:262, 14:238])
    assert (data.z_um == 1.0).all() and data.objective == "my-objective"


@pytest.mark.parametrize("case,needle", [
    ("missing_column", "missing column(s) kind"),
    ("bad_number", "z_um='abc'"),
    ("wrong_objective", "training asked for '20x-0.75'"),
    ("small_image", "smaller than the 224x224 patch"),
])
def test_bad_stack_directories_are_named_in_the_error(tmp_path, case, needle):
    os.makedirs(tmp_path / "stacks" / "s")
    size = (100, 100) if case == "small_image" else (224, 224)
    Image.fromarray(np.zeros((*size, 3), dtype=np.uint8)).save(tmp_path / "stacks" / "s" / "z+00.00.png")
    row = ["stacks/s/z+00.00.png", "s", "abc" if case == "bad_number" else "0",
           "40x-0.65" if case == "wrong_objective" else "20x-0.75", "0.17", "cells"]
    if case == "missing_column":
        _write(tmp_path, [row[:5]], header=("image", "stack_id", "z_um", "objective", "pixel_size_um"))
    else:
        _write(tmp_path, [row])
    with pytest.raises(StackFormatError, match=None) as e:
        load_stacks(str(tmp_path), objective="20x-0.75")
    assert needle in str(e.value) and "labels.csv" in str(e.value)


def test_split_is_by_stack_never_by_image():
    ids = np.array([f"s{i // 7:03d}" for i in range(20 * 7)], dtype=object)  # 20 stacks of 7 images
    tr, te = split_by_stack(ids, 0.1, seed=5)
    assert len(tr) + len(te) == len(ids) and not set(tr) & set(te)
    train_stacks, test_stacks = set(ids[tr]), set(ids[te])
    assert not train_stacks & test_stacks
    assert len(test_stacks) == 2 and len(train_stacks) == 18
    tr2, te2 = split_by_stack(ids, 0.1, seed=5)
    assert np.array_equal(te, te2)
    # Few stacks: still at least one whole stack on each side.
    tr3, te3 = split_by_stack(np.array(["a", "a", "b", "b"], dtype=object), 0.1)
    assert len(tr3) == 2 and len(te3) == 2


def test_preprocess_is_what_the_metadata_says():
    u8 = np.array([[[[0, 128, 255]]]], dtype=np.uint8)
    x = preprocess(u8)
    expect = [(v * SCALE - m) / s for v, m, s in zip((0, 128, 255), MEAN, STD)]
    np.testing.assert_allclose(x.reshape(-1).numpy(), expect, rtol=1e-5, atol=1e-6)


def test_augmentation_changes_pixels_but_keeps_shape(tiny_stacks):
    data = load_stacks(tiny_stacks)
    batch = data.images[:6].copy()
    out = augment(batch, np.random.default_rng(0), jpeg_p=1.0)
    assert out.shape == batch.shape and out.dtype == np.uint8
    assert np.array_equal(batch, data.images[:6])  # input untouched
    assert np.abs(out.astype(int) - batch.astype(int)).mean() > 1.0
    again = augment(batch, np.random.default_rng(0), jpeg_p=1.0)
    assert np.array_equal(out, again)  # seeded


def test_each_evaluation_perturbation_alters_only_what_it_names(tiny_stacks):
    batch = load_stacks(tiny_stacks).images[:8].copy()
    before = batch.copy()
    out = {k: f(batch, np.random.default_rng(3)) for k, f in PERTURBATIONS.items()}
    assert np.array_equal(batch, before)  # input untouched
    for k, o in out.items():
        assert o.shape == batch.shape and o.dtype == np.uint8, k
        assert not np.array_equal(o, batch), k
    # orientation only moves pixels (same multiset per image); tone moves whole images' levels far more than
    # noise moves their mean
    for i in range(len(batch)):
        assert np.array_equal(np.sort(out["orientation"][i], axis=None), np.sort(batch[i], axis=None))
    mean_shift = {k: np.abs(out[k].reshape(8, -1).mean(1) - batch.reshape(8, -1).mean(1)).mean() for k in ("tone", "noise")}
    assert mean_shift["tone"] > 5 * mean_shift["noise"]
    assert np.array_equal(out["train-augment"], augment(batch, np.random.default_rng(3)))


def test_wide_frames_keep_only_the_most_textured_patches():
    from stacks import cut_patches
    rng = np.random.default_rng(1)
    frame = np.full((224, 224 * 5, 3), 128, dtype=np.uint8)
    for i, amp in enumerate([10, 60, 20, 80, 40]):
        frame[:, i * 224:(i + 1) * 224] = np.clip(128 + rng.normal(0, amp, (224, 224, 3)), 0, 255)
    kept = cut_patches(frame, max_patches=2)
    assert len(kept) == 2
    assert np.array_equal(kept[0], frame[:, 224:448]) and np.array_equal(kept[1], frame[:, 672:896])


def test_concat_keeps_the_two_sets_stacks_apart_and_refuses_another_pixel_size(tiny_stacks):
    a, b = load_stacks(tiny_stacks), load_stacks(tiny_stacks)
    both = a.concat(b, "replay")
    assert len(both) == 2 * len(a) and both.images.shape[0] == len(both)
    assert len(set(both.stack_ids.tolist())) == 2 * len(set(a.stack_ids.tolist()))
    assert np.array_equal(both.z_um[len(a):], b.z_um)
    b.pixel_size_um *= 2
    with pytest.raises(StackFormatError, match="um/pixel"):
        a.concat(b, "replay")
