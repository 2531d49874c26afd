import json
import os

import numpy as np
import onnx
import pytest

import evaluate
from checkpoint import load_inference_model
from metrics import accuracy, predict
from stacks import load_stacks


def test_evaluate_writes_tables_and_plots_that_match_the_models(smoke_run, tiny_stacks, tmp_path):
    model = os.path.join(smoke_run, "ldse-net-20x-0.75.fp32.onnx")
    assert evaluate.main(["--model", model, "--data", tiny_stacks, "--out", str(tmp_path), "--threads", "1"]) == 0
    res = json.load(open(tmp_path / "eval.json"))
    assert set(res["overall"]) == {"fp32", "int8"}  # the int8 sibling is evaluated too
    data = load_stacks(tiny_stacks)
    twin, meta = load_inference_model(model.replace(".fp32.", ".int8."))
    assert meta["precision"] == "int8"
    want = accuracy(predict(twin, data.images), data.z_um)
    for k in ("rmse_um_z10", "sign_accuracy_z1", "median_abs_err_um_z5"):
        assert np.isclose(res["overall"]["int8"][k], want[k], rtol=1e-5)
    assert set(res["by_kind"]["fp32"]) == {"cells", "tissue", "sparse"}
    assert [r["z_um"] for r in res["by_z"]["fp32"]] == [-4.0, -2.0, 0.0, 2.0, 4.0]
    for p in ("error_vs_z.png", "error_hist.png", "error_by_kind.png", "fp32_vs_int8.png"):
        assert (tmp_path / p).stat().st_size > 1000
    md = (tmp_path / "eval.md").read_text()
    assert "| fp32 | 20 |" in md and "| int8 | 20 |" in md
    assert onnx.load(model).graph.output[0].name == "defocus_um"


def test_evaluate_on_perturbed_images_says_so_and_scores_the_altered_images(smoke_run, tiny_stacks, tmp_path):
    from augment import PERTURBATIONS
    model = os.path.join(smoke_run, "ldse-net-20x-0.75.fp32.onnx")
    assert evaluate.main(["--model", model, "--data", tiny_stacks, "--out", str(tmp_path), "--threads", "1",
                          "--no-int8", "--perturb", "tone", "--perturb-seed", "4"]) == 0
    res = json.load(open(tmp_path / "eval.json"))
    assert res["perturbation"] == "tone"
    data = load_stacks(tiny_stacks)
    fp32, _ = load_inference_model(model)
    toned = PERTURBATIONS["tone"](data.images, np.random.default_rng(4))
    want = accuracy(predict(fp32, toned), data.z_um)
    assert np.isclose(res["overall"]["fp32"]["rmse_um_z10"], want["rmse_um_z10"], rtol=1e-5)
    assert not np.isclose(want["rmse_um_z10"], accuracy(predict(fp32, data.images), data.z_um)["rmse_um_z10"], rtol=1e-6)
    assert "--perturb tone" in (tmp_path / "eval.md").read_text()


def test_evaluate_with_views_scores_the_mean_over_the_turned_patches(smoke_run, tiny_stacks, tmp_path):
    model = os.path.join(smoke_run, "ldse-net-20x-0.75.fp32.onnx")
    assert evaluate.main(["--model", model, "--data", tiny_stacks, "--out", str(tmp_path), "--threads", "1",
                          "--no-int8", "--views", "4"]) == 0
    res = json.load(open(tmp_path / "eval.json"))
    assert res["views"] == 4
    data = load_stacks(tiny_stacks)
    fp32, _ = load_inference_model(model)
    turned = [predict(fp32, np.ascontiguousarray(np.rot90(data.images, k, axes=(1, 2)))) for k in range(4)]
    want = accuracy(np.mean(turned, axis=0), data.z_um)
    assert np.isclose(res["overall"]["fp32"]["rmse_um_z10"], want["rmse_um_z10"], rtol=1e-5)
    # the turns read differently, or averaging them would prove nothing
    assert np.abs(turned[1] - turned[0]).max() > 1e-4
    assert "--views 4" in (tmp_path / "eval.md").read_text()


def test_write_gain_stores_the_near_focus_gain_in_both_model_files(smoke_run, tiny_stacks, tmp_path):
    import shutil
    from synthetic import write_dataset
    from export_onnx import read_metadata
    from metrics import near_focus_gain
    near = write_dataset(str(tmp_path / "near"), objective="20x-0.75", stacks=2, range_um=1.0, step_um=0.5, seed=5)
    models = tmp_path / "models"
    models.mkdir()
    for precision in ("fp32", "int8"):
        shutil.copy(os.path.join(smoke_run, f"ldse-net-20x-0.75.{precision}.onnx"), models)
    fp32_path = str(models / "ldse-net-20x-0.75.fp32.onnx")
    assert evaluate.main(["--model", fp32_path, "--data", near, "--out", str(tmp_path / "eval"), "--threads", "1",
                          "--write-gain"]) == 0
    data = load_stacks(near)
    fp32, _ = load_inference_model(fp32_path)
    want = near_focus_gain(predict(fp32, data.images), data.z_um, data.stack_ids)
    for precision in ("fp32", "int8"):
        meta = read_metadata(onnx.load(str(models / f"ldse-net-20x-0.75.{precision}.onnx")))
        assert float(meta["near_focus_gain"]) == round(want, 3)
        assert meta["objective"] == "20x-0.75"  # the rest of the metadata is kept
    # the ±4 um stacks have one image within 1 um of focus: no gain, and nothing written
    with pytest.raises(SystemExit, match="near-focus stacks"):
        evaluate.main(["--model", fp32_path, "--data", tiny_stacks, "--out", str(tmp_path / "eval2"), "--threads", "1",
                       "--write-gain"])
