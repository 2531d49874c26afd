import numpy as np
import pytest

from metrics import accuracy


def test_accuracy_figures_follow_their_definitions():
    z = np.array([-8.0, -4.0, -0.5, 0.0, 2.0, 6.0])
    pred = np.array([-6.0, -3.0, 0.5, 0.0, -1.0, 6.5])
    m = accuracy(pred, z)
    err_near = np.array([1.0, 1.0, 0.0, -3.0])           # |z| <= 5
    assert m["median_abs_err_um_z5"] == pytest.approx(1.0)
    assert m["rmse_um_z5"] == pytest.approx(np.sqrt(np.mean(err_near ** 2)))
    assert m["rmse_um_z10"] == pytest.approx(np.sqrt((4 + 1 + 1 + 0 + 9 + 0.25) / 6))
    assert m["sign_accuracy_z1"] == pytest.approx(3 / 4)  # -8,-4,6 right; 2 -> -1 wrong
    assert m["n"] == 6


def test_patch_views_are_the_turns_then_the_turns_of_the_mirror_image():
    from metrics import patch_views
    img = np.arange(2 * 3 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3, 3)
    four = patch_views(img, 4)
    eight = patch_views(img, 8)
    assert len(patch_views(img, 1)) == 1 and np.array_equal(patch_views(img, 1)[0], img)
    # a quarter turn shows the original's top-right pixel top-left (as Inference/PatchView.cs)
    assert np.array_equal(four[1][:, 0, 0], img[:, 0, 2])
    assert np.array_equal(eight[4][:, 0, 0], img[:, 0, 2]) and np.array_equal(eight[4][:, 0, 2], img[:, 0, 0])
    assert len({v.tobytes() for v in eight}) == 8
    with pytest.raises(ValueError):
        patch_views(img, 3)


def test_near_focus_gain_is_the_median_per_stack_slope_within_a_um_of_focus():
    from metrics import near_focus_gain
    z = np.tile(np.array([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0]), 3)
    ids = np.repeat(np.array(["a", "b", "c"], dtype=object), 7)
    # slopes 0.5, 0.6, 2.0 near focus, and far readings that would pull a fit over all z towards 1
    slope = np.repeat([0.5, 0.6, 2.0], 7)
    pred = np.where(np.abs(z) <= 1, slope * z + 0.1, z)
    assert np.isclose(near_focus_gain(pred, z, ids), 0.6)
    # a stack with fewer than three images within 1 um gives no slope, and no such stack gives None
    assert near_focus_gain(z[[0, 6]], z[[0, 6]], ids[[0, 6]]) is None
