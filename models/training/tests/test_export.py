"""train.py end to end on a tiny synthetic stack set, then checks on what it wrote: the ONNX contract
(names, shapes, metadata), fp32 ONNX numerics, the int8 QDQ file and the C# fixture."""
import json
import os

import numpy as np
import onnx
import pytest
import torch
from onnx import TensorProto

import onnx_numpy
from augment import MEAN, SCALE, STD, preprocess
from checkpoint import load_initial
from export_onnx import deploy_state_from_onnx, read_metadata
from fixtures import read_patches
from ldse_net import fold_for_deploy
from metrics import predict
from quantize import FakeQuantTwin, spec_and_state_from_qdq
from checkpoint import infer_config
from ldse_net import DeployLdseNet
from stacks import load_stacks

OBJ = "20x-0.75"
KEYS = {"focuscontroller.format", "patch_size", "preprocess.scale", "preprocess.mean", "preprocess.std",
        "objective", "pixel_size_um", "z_range_um", "precision", "version", "training_data"}


def _files(out):
    base = os.path.join(out, f"ldse-net-{OBJ}")
    return base + ".fp32.onnx", base + ".int8.onnx"


def _dims(vi):
    return [d.dim_param or d.dim_value for d in vi.type.tensor_type.shape.dim]


def _deploy_from(model):
    if read_metadata(model)["precision"] == "int8":
        spec, state = spec_and_state_from_qdq(model)
    else:
        spec, state = None, deploy_state_from_onnx(model)
    dep = DeployLdseNet(infer_config(state, 10.0))
    dep.load_state_dict({k: v for k, v in state.items() if k in dep.state_dict()}, strict=False)
    dep.eval()
    return FakeQuantTwin(dep, spec) if spec else dep


def test_train_writes_every_output(smoke_run):
    names = sorted(os.listdir(smoke_run))
    for suffix in (".fp32.onnx", ".int8.onnx", ".pt", ".metrics.json", ".curve.png"):
        assert f"ldse-net-{OBJ}{suffix}" in names
    m = json.load(open(os.path.join(smoke_run, f"ldse-net-{OBJ}.metrics.json")))
    assert m["parameters"] <= 70_000 and m["int8_bytes"] <= 100 * 1024 and m["fp32_bytes"] <= 300 * 1024
    assert set(m["test_fp32"]) >= {"median_abs_err_um_z5", "rmse_um_z5", "rmse_um_z10", "sign_accuracy_z1"}


@pytest.mark.parametrize("precision", ["fp32", "int8"])
def test_graph_io_and_metadata_follow_the_contract(smoke_run, tiny_stacks, precision):
    path = _files(smoke_run)[0 if precision == "fp32" else 1]
    model = onnx.load(path)
    onnx.checker.check_model(model)
    assert max(o.version for o in model.opset_import if o.domain in ("", "ai.onnx")) >= 13
    (inp,), (out,) = model.graph.input, model.graph.output
    assert inp.name == "image" and out.name == "defocus_um"
    assert inp.type.tensor_type.elem_type == TensorProto.FLOAT == out.type.tensor_type.elem_type
    n_in, *rest = _dims(inp)
    n_out, one = _dims(out)
    assert isinstance(n_in, str) and n_in == n_out and rest == [3, 224, 224] and one == 1
    meta = read_metadata(model)
    assert KEYS <= set(meta)
    assert meta["focuscontroller.format"] == "ldse-net/1" and meta["patch_size"] == "224"
    assert float(meta["preprocess.scale"]) == pytest.approx(SCALE)
    assert [float(v) for v in meta["preprocess.mean"].split(",")] == list(MEAN)
    assert [float(v) for v in meta["preprocess.std"].split(",")] == list(STD)
    assert meta["objective"] == OBJ and float(meta["pixel_size_um"]) == pytest.approx(0.1725)
    assert float(meta["z_range_um"]) == 4.0
    assert meta["precision"] == precision and meta["version"] == "test-smoke"
    td = json.loads(meta["training_data"])
    assert td["stacks"] == 4 and td["images"] == 20 and td["source"] == "synthetic" and td["smoke"] is True
    assert td["train_stacks"] + td["test_stacks"] == 4


def test_fp32_onnx_computes_what_torch_computes(smoke_run, tiny_stacks):
    fp32 = onnx.load(_files(smoke_run)[0])
    ops = [n.op_type for n in fp32.graph.node]
    # The stem BN is folded into its conv; only pre-activation BNs (BN -> act -> conv) remain.
    producers = {o: n.op_type for n in fp32.graph.node for o in n.output}
    assert all(producers.get(n.input[0]) != "Conv" for n in fp32.graph.node if n.op_type == "BatchNormalization")
    assert "Identity" not in ops and "Pad" not in ops
    net, _ = load_initial(os.path.join(smoke_run, f"ldse-net-{OBJ}.pt"))
    dep = fold_for_deploy(net.eval())
    u8 = load_stacks(tiny_stacks).images[[0, 7, 13]]
    got = onnx_numpy.run(fp32, {"image": preprocess(u8).numpy()})["defocus_um"]
    assert got.shape == (3, 1)
    np.testing.assert_allclose(got.reshape(-1), predict(dep, u8), rtol=1e-4, atol=1e-4)


def test_int8_file_holds_int8_weights_in_qdq_form(smoke_run):
    path = _files(smoke_run)[1]
    assert os.path.getsize(path) <= 100 * 1024
    model = onnx.load(path)
    inits = {i.name: i for i in model.graph.initializer}
    producers = {o: n for n in model.graph.node for o in n.output}
    convs = [n for n in model.graph.node if n.op_type == "Conv"]
    assert len(convs) == 14
    for c in convs:
        wdq = producers[c.input[1]]
        assert wdq.op_type == "DequantizeLinear"
        w = inits[wdq.input[0]]
        assert w.data_type == TensorProto.INT8 and len(w.dims) == 4
        scales = onnx.numpy_helper.to_array(inits[wdq.input[1]])
        assert scales.shape == (w.dims[0],)  # per output channel
        assert onnx.helper.get_attribute_value(wdq.attribute[0]) == 0  # axis 0
        assert not onnx.numpy_helper.to_array(inits[wdq.input[2]]).any()  # symmetric
        xdq = producers[c.input[0]]
        assert xdq.op_type == "DequantizeLinear" and producers[xdq.input[0]].op_type == "QuantizeLinear"
        assert inits[xdq.input[2]].data_type == TensorProto.UINT8
        if len(c.input) > 2:
            assert inits[producers[c.input[2]].input[0]].data_type == TensorProto.INT32
    assert not any(i.data_type == TensorProto.FLOAT and len(i.dims) == 4 for i in model.graph.initializer)


def test_int8_graph_leaves_no_layout_bound_float_op_between_convs(smoke_run):
    # ORT runs int8 convs channels-last; a BatchNorm or a float pool between two of them costs a Transpose
    # pair each (docs/defocus-estimation.md), so the file must not have them.
    int8, fp32 = (onnx.load(p) for p in reversed(_files(smoke_run)))
    ops = [n.op_type for n in int8.graph.node]
    assert "BatchNormalization" not in ops
    assert ops.count("Mul") >= sum(n.op_type == "BatchNormalization" for n in fp32.graph.node)
    producers = {o: n for n in int8.graph.node for o in n.output}
    consumers = {}
    for n in int8.graph.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    pools = [n for n in int8.graph.node if n.op_type in ("MaxPool", "AveragePool")]
    assert len(pools) == 3
    for p in pools:
        assert producers[p.input[0]].op_type == "DequantizeLinear"
        assert [c.op_type for c in consumers[p.output[0]]] == ["QuantizeLinear"]
    # the stem's ReLU is its QuantizeLinear's clamp at zero point 0
    stem = next(n for n in int8.graph.node if n.op_type == "Conv")
    (q,) = consumers[stem.output[0]]
    zp = next(i for i in int8.graph.initializer if i.name == q.input[2])
    assert q.op_type == "QuantizeLinear" and onnx.numpy_helper.to_array(zp) == 0


def test_int8_twin_matches_the_qdq_graph_and_stays_near_fp32(smoke_run, tiny_stacks):
    fp32, int8 = (onnx.load(p) for p in _files(smoke_run))
    u8 = load_stacks(tiny_stacks).images[::4]
    twin, dep = _deploy_from(int8), _deploy_from(fp32)
    p8, p32 = predict(twin, u8), predict(dep, u8)
    graph8 = onnx_numpy.run(int8, {"image": preprocess(u8).numpy()})["defocus_um"].reshape(-1)
    # Same arithmetic: most outputs agree to float precision; float summation order can tip a value over
    # a rounding edge now and then, which moves an output by a fraction of an 8-bit step.
    diff = np.abs(graph8 - p8)
    assert np.median(diff) <= 1e-4 and diff.max() <= 0.02 * 4.0, diff
    assert np.max(np.abs(p8 - p32)) <= 0.1 * 4.0  # within 10% of the z range
    assert not np.allclose(p8, p32, atol=1e-7)  # it really is quantized


def test_fixture_outputs_come_from_the_png_and_the_shipped_files(smoke_run):
    fx = os.path.join(smoke_run, "fixtures")
    patches = read_patches(os.path.join(fx, "patches.png"))
    assert patches.shape == (4, 224, 224, 3)
    for path in _files(smoke_run):
        name = os.path.basename(path)
        exp = json.load(open(os.path.join(fx, name + ".expected.json")))
        assert exp["model"] == name and exp["inputs"] == "patches.png" and len(exp["outputs"]) == 4
        np.testing.assert_allclose(exp["outputs"], predict(_deploy_from(onnx.load(path)), patches),
                                   rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("source", [".pt", ".fp32.onnx", ".int8.onnx"])
def test_fine_tuning_can_start_from_a_shipped_model(smoke_run, tiny_stacks, source):
    ref, _ = load_initial(os.path.join(smoke_run, f"ldse-net-{OBJ}.pt"))
    net, info = load_initial(os.path.join(smoke_run, f"ldse-net-{OBJ}{source}"))
    assert info["objective"] == OBJ
    u8 = load_stacks(tiny_stacks).images[:2]
    tol = 0.1 if source == ".int8.onnx" else 1e-4
    np.testing.assert_allclose(predict(net.eval(), u8), predict(ref.eval(), u8), atol=tol, rtol=tol)
    assert torch.isfinite(net.forward_normalized(preprocess(u8))).all()


def test_fixture_cli_redraws_patches_and_recomputes_every_model(smoke_run, tiny_stacks, tmp_path):
    import fixtures
    paths = list(_files(smoke_run))
    assert fixtures.main(["--models", *paths, "--data", tiny_stacks, "--out", str(tmp_path), "--refresh"]) == 0
    info = json.load(open(tmp_path / "patches.json"))
    zs = [p["z_um"] for p in info["patches"]]
    assert len(zs) == 4 and zs == sorted(zs) and zs[0] < 0 < zs[-1]
    patches = read_patches(str(tmp_path / "patches.png"))
    data = load_stacks(tiny_stacks)
    for p, meta in zip(patches, info["patches"]):
        i = list(data.sources).index(meta["image"])
        assert np.array_equal(p, data.images[i]) and data.z_um[i] == meta["z_um"]
    for path in paths:
        name = os.path.basename(path)
        exp = json.load(open(tmp_path / f"{name}.expected.json"))
        assert exp["z_um"] == zs
        np.testing.assert_allclose(exp["outputs"], predict(_deploy_from(onnx.load(path)), patches),
                                   rtol=1e-4, atol=1e-4)


def test_fine_tuning_with_replay_trains_on_both_sets_and_tests_on_the_new_stacks_alone(smoke_run, tiny_stacks, tmp_path, capsys):
    import train
    from synthetic import write_dataset
    new = write_dataset(str(tmp_path / "new"), objective=OBJ, stacks=2, range_um=4.0, step_um=2.0, seed=11)
    out = str(tmp_path / "ft")
    rc = train.main(["--data", new, "--replay", tiny_stacks, "--init", os.path.join(smoke_run, f"ldse-net-{OBJ}.pt"),
                     "--objective", OBJ, "--out", out, "--smoke", "--epochs", "1", "--steps-per-epoch", "1",
                     "--calib-images", "8", "--version", "test-ft", "--threads", "1", "--no-fixture"])
    assert rc == 0
    assert "replay: 4 stacks" in capsys.readouterr().out
    td = json.load(open(os.path.join(out, f"ldse-net-{OBJ}.metrics.json")))["training_data"]
    assert td["replay"]["stacks"] == 4
    assert td["test_stacks"] == 1 and td["train_stacks"] == 1 + 4


def test_replay_without_a_model_to_fine_tune_is_refused(tiny_stacks, tmp_path):
    import train
    with pytest.raises(SystemExit, match="--replay needs --init"):
        train.main(["--data", tiny_stacks, "--replay", tiny_stacks, "--objective", OBJ, "--out", str(tmp_path), "--smoke"])


def test_quantize_cli_requantizes_a_shipped_model_and_its_stated_int8_accuracy(smoke_run, tiny_stacks, tmp_path):
    import shutil

    import quantize
    for suffix in (".fp32.onnx", ".int8.onnx", ".metrics.json"):
        shutil.copy(os.path.join(smoke_run, f"ldse-net-{OBJ}{suffix}"), tmp_path)
    base = str(tmp_path / f"ldse-net-{OBJ}")
    before = json.load(open(base + ".metrics.json"))
    os.remove(base + ".int8.onnx")

    assert quantize.main(["--model", base + ".fp32.onnx", "--data", tiny_stacks]) == 0

    int8 = onnx.load(base + ".int8.onnx")
    assert read_metadata(int8)["precision"] == "int8"
    assert read_metadata(int8)["version"] == read_metadata(onnx.load(base + ".fp32.onnx"))["version"]
    after = json.load(open(base + ".metrics.json"))
    assert after["int8_bytes"] == os.path.getsize(base + ".int8.onnx")
    assert after["test_int8"]["n"] == before["test_int8"]["n"]  # the same test split train.py used
    assert after["test_fp32"] == before["test_fp32"] and after["history"] == before["history"]
    u8 = load_stacks(tiny_stacks).images[::4]
    np.testing.assert_allclose(predict(_deploy_from(int8), u8), predict(_deploy_from(onnx.load(base + ".fp32.onnx")), u8),
                               atol=0.1 * 4.0)


def test_quantize_cli_refuses_a_file_that_is_not_fp32(smoke_run, tiny_stacks):
    import quantize
    with pytest.raises(SystemExit, match="expected an .fp32.onnx"):
        quantize.main(["--model", os.path.join(smoke_run, f"ldse-net-{OBJ}.int8.onnx"), "--data", tiny_stacks])
