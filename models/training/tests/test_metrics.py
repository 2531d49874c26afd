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
