"""Post-training int8 quantization as a QDQ ONNX model, plus its exact torch twin.

Calibration runs the fp32 deploy graph in torch with forward hooks on every quantized conv and records
the range of its input and output activations. Those ranges become QuantizeLinear/DequantizeLinear
pairs inserted with the onnx package around each Conv node (found by its weight initializer, which is
named after the torch module), weights become per-channel symmetric int8 initializers (axis 0) and
biases int32 at scale s_in * s_w, the layout ONNX Runtime's QDQ transformer fuses into QLinearConv.

Every conv is quantized, the squeeze-excitation 1x1 convs included (fp32 they would cost 7 KB of the
100 KB budget); only the final FC (86 weights) stays fp32, so the µm output has no 8-bit steps.

The graph is also laid out so that ONNX Runtime can keep it channels-last from the first conv to the
last: its CPU int8 convs run NHWC, and every layout-sensitive fp32 op between two of them (BatchNorm,
pools) would pin NCHW and cost a Transpose pair per conv, which measured slower than the convs saved
(docs/defocus-estimation.md). So BatchNormalization becomes a per-channel Mul and Add (layout-free),
the stem's ReLU is done by its output QuantizeLinear (zero point 0), and the max and average pools
sit between a DequantizeLinear and a QuantizeLinear of the same scale, which ORT runs in uint8 NHWC.

`FakeQuantTwin` applies the same arithmetic in torch (round half to even, saturation, same scales),
which is how the int8 model is evaluated here without onnxruntime.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper
from torch import nn

from augment import MEAN, STD, augment, preprocess
from ldse_net import DeployLdseNet, Transition

# The input image after preprocessing lies exactly in this range (8-bit pixels, mean/std above).
IMAGE_RANGE = ((0.0 - max(MEAN)) / min(STD), (1.0 - min(MEAN)) / min(STD))


# Suffixes of the tensors and initializers the quantizer adds (short: names recur in the int8 file).
Q, DQ, SCALE, ZP = "_q", "_dq", "_s", "_zp"


@dataclass(frozen=True)
class ActQuant:
    """Per-tensor asymmetric uint8: real = (q - zero_point) * scale."""
    scale: float
    zero_point: int

    @staticmethod
    def from_range(lo: float, hi: float) -> "ActQuant":
        lo, hi = min(float(lo), 0.0), max(float(hi), 0.0)
        scale = float(np.float32(max(hi - lo, 1e-8) / 255.0))
        zp = int(np.clip(np.rint(-lo / scale), 0, 255))
        return ActQuant(scale, zp)


def pool_quant(q: ActQuant) -> ActQuant:
    """The requantization after a 2x2 average pool: its input's zero point, a scale a hair above its input's.
    At the input's own scale a quarter of all averages land exactly on .5 of a step, where float summation
    order (torch's, ORT's) picks the rounding direction; off by 0.1 % an average is never that close to a tie."""
    return ActQuant(float(np.float32(q.scale * 1.001)), q.zero_point)


@dataclass(frozen=True)
class ConvQuant:
    inp: ActQuant
    out: ActQuant


def quantized_convs(dep: nn.Module) -> list[str]:
    """Module names of the convs that run in int8 (all of them; the final FC is a Gemm and stays fp32)."""
    return [n for n, m in dep.named_modules() if isinstance(m, nn.Conv2d)]


@torch.no_grad()
def calibrate(dep: DeployLdseNet, batches, percentile: float = 99.99) -> dict[str, ConvQuant]:
    """Activation ranges over calibration batches (preprocessed float tensors). Per batch the range is
    the [100-p, p] percentile interval (ignores a few outlier pixels); batches are then averaged."""
    dep = dep.eval()
    names = quantized_convs(dep)
    stats: dict[str, dict[str, list]] = {n: {"in": [], "out": []} for n in names}
    hooks = []

    def rng(t: torch.Tensor) -> tuple[float, float]:
        flat = t.detach().flatten().float()
        # A strided sample keeps the sort behind quantile cheap; the extremes are what matter and a
        # 99.99th percentile of 100k+ values still sees them.
        step = max(1, flat.numel() // 131072)
        q = torch.quantile(flat[::step], torch.tensor([1 - percentile / 100, percentile / 100]))
        return float(q[0]), float(q[1])

    for n in names:
        mod = dict(dep.named_modules())[n]
        hooks.append(mod.register_forward_pre_hook(lambda m, a, n=n: stats[n]["in"].append(rng(a[0]))))
        hooks.append(mod.register_forward_hook(lambda m, a, y, n=n: stats[n]["out"].append(rng(y))))
    try:
        for x in batches:
            dep(x)
    finally:
        for h in hooks:
            h.remove()
    spec = {}
    for n in names:
        if not stats[n]["in"]:
            raise ValueError("calibrate: no calibration batches")
        lo_i, hi_i = np.mean(stats[n]["in"], axis=0)
        lo_o, hi_o = np.mean(stats[n]["out"], axis=0)
        if n == "stem_conv":
            lo_i, hi_i = IMAGE_RANGE
            # A ReLU follows: a range from 0 spends all 256 steps on what survives it, and a zero point
            # of 0 lets the QuantizeLinear be the ReLU.
            lo_o = 0.0
        spec[n] = ConvQuant(ActQuant.from_range(lo_i, hi_i), ActQuant.from_range(lo_o, hi_o))
    return spec


def calibration_batches(train_images: np.ndarray, seed: int, count: int = 256, batch: int = 32) -> list[torch.Tensor]:
    """`count` training patches, half of them augmented (the board sees exposures and colour casts the
    data lacks), preprocessed in batches: what `calibrate` measures the activation ranges on."""
    rng = np.random.default_rng(seed + 2)
    idx = rng.choice(len(train_images), size=min(count, len(train_images)), replace=False)
    cal = train_images[idx].copy()
    cal[::2] = augment(cal[::2], rng)
    return [preprocess(cal[i:i + batch]) for i in range(0, len(cal), batch)]


def weight_scales(w: torch.Tensor) -> torch.Tensor:
    amax = w.detach().abs().flatten(1).max(dim=1).values.float()
    return torch.where(amax > 0, amax / 127.0, torch.ones_like(amax)).float()


def quantize_weight(w: torch.Tensor, s: torch.Tensor) -> torch.Tensor:
    return torch.clamp(torch.round(w / s.view(-1, 1, 1, 1)), -127, 127)


def quantize_bias(b: torch.Tensor, s_in: float, s_w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    s_b = (torch.tensor(s_in, dtype=torch.float32) * s_w).float()
    return torch.round(b / s_b), s_b


def fake_quant(x: torch.Tensor, q: ActQuant) -> torch.Tensor:
    s = torch.tensor(q.scale, dtype=torch.float32)
    return (torch.clamp(torch.round(x / s) + q.zero_point, 0, 255) - q.zero_point) * s


class FakeQuantTwin(nn.Module):
    """The QDQ model's arithmetic in torch: same scales, same rounding and saturation."""

    def __init__(self, dep: DeployLdseNet, spec: dict[str, ConvQuant]):
        super().__init__()
        self.net = copy.deepcopy(dep).eval()
        self.spec = spec
        mods = dict(self.net.named_modules())
        with torch.no_grad():
            for n, cq in spec.items():
                conv = mods[n]
                s_w = weight_scales(conv.weight)
                conv.weight.copy_(quantize_weight(conv.weight, s_w) * s_w.view(-1, 1, 1, 1))
                if conv.bias is not None:
                    qb, s_b = quantize_bias(conv.bias, cq.inp.scale, s_w)
                    conv.bias.copy_(qb * s_b)
                conv.register_forward_pre_hook(lambda m, a, q=cq.inp: (fake_quant(a[0], q),))
                conv.register_forward_hook(lambda m, a, y, q=cq.out: fake_quant(y, q))
            # The average pool after a transition conv is requantized at the conv's output scale (the
            # max pool needs nothing: the max of values on the 8-bit grid is on it).
            for name, mod in mods.items():
                if isinstance(mod, Transition) and f"{name}.conv" in spec:
                    mod.pool.register_forward_hook(
                        lambda m, a, y, q=pool_quant(spec[f"{name}.conv"].out): fake_quant(y, q))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


def _const(name: str, arr: np.ndarray) -> onnx.TensorProto:
    return numpy_helper.from_array(arr, name)


def quantize_onnx(fp32: onnx.ModelProto, spec: dict[str, ConvQuant]) -> onnx.ModelProto:
    """The QDQ model: fp32 graph with Q/DQ around every quantized Conv, int8 weights, int32 biases."""
    model = onnx.ModelProto()
    model.CopyFrom(fp32)
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    new_inits: list[onnx.TensorProto] = []
    drop: set[str] = set()
    rename_out: dict[str, str] = {}
    nodes: list[onnx.NodeProto] = []
    done_inputs: dict[str, str] = {}

    def qdq(tensor: str, q: ActQuant) -> tuple[list[onnx.NodeProto], str]:
        # Short ids for the added activation tensors: each name recurs ~10 times in the file.
        base = f"x{len(done_inputs) + len(rename_out)}"
        s, z = f"{base}{SCALE}", f"{base}{ZP}"
        new_inits.append(_const(s, np.array(q.scale, dtype=np.float32)))
        new_inits.append(_const(z, np.array(q.zero_point, dtype=np.uint8)))
        return [helper.make_node("QuantizeLinear", [tensor, s, z], [f"{base}{Q}"]),
                helper.make_node("DequantizeLinear", [f"{base}{Q}", s, z], [f"{base}{DQ}"])], f"{base}{DQ}"

    for node in g.node:
        node = copy.deepcopy(node)
        for i, name in enumerate(node.input):
            if name in rename_out:
                node.input[i] = rename_out[name]
        wname = node.input[1] if node.op_type == "Conv" else ""
        module = wname[:-len(".weight")] if wname.endswith(".weight") else None
        if node.op_type != "Conv" or module not in spec:
            nodes.append(node)
            continue
        cq = spec[module]
        x = node.input[0]
        if x not in done_inputs:
            extra, done_inputs[x] = qdq(x, cq.inp)
            nodes.extend(extra)
        node.input[0] = done_inputs[x]
        w = torch.from_numpy(numpy_helper.to_array(inits[wname]).copy())
        s_w = weight_scales(w)
        qw = quantize_weight(w, s_w).numpy().astype(np.int8)
        new_inits += [_const(f"{wname}{Q}", qw),
                      _const(f"{wname}{SCALE}", s_w.numpy().astype(np.float32)),
                      _const(f"{wname}{ZP}", np.zeros(len(qw), dtype=np.int8))]
        nodes.append(helper.make_node("DequantizeLinear", [f"{wname}{Q}", f"{wname}{SCALE}",
                                                           f"{wname}{ZP}"], [f"{wname}{DQ}"],
                                      axis=0))
        node.input[1] = f"{wname}{DQ}"
        drop.add(wname)
        if len(node.input) > 2 and node.input[2]:
            bname = node.input[2]
            b = torch.from_numpy(numpy_helper.to_array(inits[bname]).copy())
            qb, s_b = quantize_bias(b, cq.inp.scale, s_w)
            new_inits += [_const(f"{bname}{Q}", qb.numpy().astype(np.int32)),
                          _const(f"{bname}{SCALE}", s_b.numpy().astype(np.float32)),
                          _const(f"{bname}{ZP}", np.zeros(len(qb), dtype=np.int32))]
            nodes.append(helper.make_node("DequantizeLinear", [f"{bname}{Q}", f"{bname}{SCALE}",
                                                               f"{bname}{ZP}"], [f"{bname}{DQ}"],
                                          axis=0))
            node.input[2] = f"{bname}{DQ}"
            drop.add(bname)
        nodes.append(node)
        y = node.output[0]
        extra, rename_out[y] = qdq(y, cq.out)
        nodes.extend(extra)
    nodes = _channels_last_friendly(nodes, inits, new_inits, drop)
    del g.node[:]
    g.node.extend(nodes)
    kept = [i for i in g.initializer if i.name not in drop]
    del g.initializer[:]
    g.initializer.extend(kept + new_inits)
    for p in model.metadata_props:
        if p.key == "precision":
            p.value = "int8"
    onnx.checker.check_model(model)
    return model


AFFINE_SCALE, AFFINE_SHIFT = ".affine_scale", ".affine_shift"

# Every LDSE-NET BatchNorm is built with torch's default epsilon (ldse_net.py).
_BN_EPS = nn.BatchNorm2d(1).eps


def bn_affine(weight: np.ndarray, bias: np.ndarray, mean: np.ndarray, var: np.ndarray,
              eps: float) -> tuple[np.ndarray, np.ndarray]:
    """Inference BatchNorm as y = x * k + c, per channel."""
    k = (weight / np.sqrt(var + np.float32(eps))).astype(np.float32)
    return k, (bias - mean * k).astype(np.float32)


def _channels_last_friendly(nodes: list[onnx.NodeProto], inits: dict[str, onnx.TensorProto],
                            new_inits: list[onnx.TensorProto], drop: set[str]) -> list[onnx.NodeProto]:
    """BatchNorm to Mul+Add, the stem ReLU into its QuantizeLinear, pools between Q/DQ (module docstring)."""
    producer = {o: n for n in nodes for o in n.output}
    added = {i.name: i for i in new_inits}
    rename: dict[str, str] = {}
    out: list[onnx.NodeProto] = []

    def zero_point(dq_out: str) -> int | None:
        n = producer.get(dq_out)
        if n is None or n.op_type != "DequantizeLinear":
            return None
        return int(numpy_helper.to_array(added[n.input[2]]))

    for node in nodes:
        for i, name in enumerate(node.input):
            node.input[i] = rename.get(name, name)
        if node.op_type == "BatchNormalization":
            x, w, b, mean, var = node.input
            eps = next((a.f for a in node.attribute if a.name == "epsilon"), 1e-5)
            k, c = bn_affine(*(numpy_helper.to_array(inits[t]) for t in (w, b, mean, var)), eps)
            module = w[:-len(".weight")]
            new_inits += [_const(module + AFFINE_SCALE, k.reshape(-1, 1, 1)),
                          _const(module + AFFINE_SHIFT, c.reshape(-1, 1, 1))]
            drop.update((w, b, mean, var))
            out += [helper.make_node("Mul", [x, module + AFFINE_SCALE], [node.output[0] + "_k"]),
                    helper.make_node("Add", [node.output[0] + "_k", module + AFFINE_SHIFT], [node.output[0]])]
        elif node.op_type == "Relu" and zero_point(node.input[0]) == 0:
            rename[node.output[0]] = node.input[0]   # the QuantizeLinear before it already clamped at 0
        elif node.op_type in ("MaxPool", "AveragePool") and zero_point(node.input[0]) is not None:
            _, s, z = producer[node.input[0]].input
            if node.op_type == "AveragePool":
                pq = pool_quant(ActQuant(float(numpy_helper.to_array(added[s])), zero_point(node.input[0])))
                s = node.output[0] + SCALE
                new_inits.append(_const(s, np.array(pq.scale, dtype=np.float32)))
            y = node.output[0]
            node.output[0] = y + "_f"
            out += [node, helper.make_node("QuantizeLinear", [y + "_f", s, z], [y + Q]),
                    helper.make_node("DequantizeLinear", [y + Q, s, z], [y])]
        else:
            out.append(node)
    return out


def spec_and_state_from_qdq(model: onnx.ModelProto) -> tuple[dict[str, ConvQuant], dict[str, torch.Tensor]]:
    """Inverse of quantize_onnx: the quantization spec and the dequantized deploy state dict, so the
    twin of a shipped int8 file can be rebuilt from the file alone."""
    g = model.graph
    arr = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    producer = {o: n for n in g.node for o in n.output}
    consumers: dict[str, list] = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    state = {k: torch.from_numpy(v.astype(np.float32).copy()) for k, v in arr.items()
             if v.dtype == np.float32 and not k.endswith((SCALE, AFFINE_SCALE, AFFINE_SHIFT))}
    for k in arr:
        if k.endswith(AFFINE_SCALE):
            # Back to BatchNorm parameters: x * k + c is BN with mean 0 and var 1 - eps (to float precision),
            # eps being that of the BatchNorm modules this state is loaded into, not an assumed constant.
            module = k[:-len(AFFINE_SCALE)]
            scale, shift = arr[k].reshape(-1), arr[module + AFFINE_SHIFT].reshape(-1)
            state[f"{module}.weight"] = torch.from_numpy(scale.astype(np.float32).copy())
            state[f"{module}.bias"] = torch.from_numpy(shift.astype(np.float32).copy())
            state[f"{module}.running_mean"] = torch.zeros(len(scale))
            state[f"{module}.running_var"] = torch.full((len(scale),), 1.0 - _BN_EPS)
    spec = {}

    def dequant(name: str) -> np.ndarray:
        dq = producer[name]
        q, s, z = (arr[i] for i in dq.input)
        return ((q.astype(np.int64) - z.astype(np.int64).reshape(-1, *([1] * (q.ndim - 1))))
                * s.reshape(-1, *([1] * (q.ndim - 1)))).astype(np.float32)

    def act(dq_out: str) -> ActQuant:
        dq = producer[dq_out]
        return ActQuant(float(arr[dq.input[1]]), int(arr[dq.input[2]]))

    for n in g.node:
        if n.op_type != "Conv" or n.input[1] in arr:
            continue
        wname = n.input[1][:-len(DQ)]
        module = wname[:-len(".weight")]
        state[wname] = torch.from_numpy(dequant(n.input[1]))
        if len(n.input) > 2 and n.input[2]:
            state[n.input[2][:-len(DQ)]] = torch.from_numpy(dequant(n.input[2]))
        q_out = [c for c in consumers[n.output[0]] if c.op_type == "QuantizeLinear"][0]
        spec[module] = ConvQuant(act(n.input[0]),
                                 ActQuant(float(arr[q_out.input[1]]), int(arr[q_out.input[2]])))
    return spec, state


def main(argv=None) -> int:
    """Re-quantizes a shipped fp32 model, calibrated on the training side of its dataset (the same split
    and patches train.py uses), without retraining: for a change to the int8 graph alone."""
    import argparse
    import os

    from export_onnx import deploy_state_from_onnx, read_metadata
    from stacks import load_stacks, split_by_stack
    from checkpoint import infer_config  # here, not at the top: checkpoint imports this module

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("--model", required=True, help="the .fp32.onnx file; the .int8.onnx beside it is rewritten")
    ap.add_argument("--data", required=True, help="the stack directory it was trained on")
    ap.add_argument("--seed", type=int, default=0, help="split seed, as given to train.py")
    ap.add_argument("--test-fraction", type=float, default=0.1)
    ap.add_argument("--calib-images", type=int, default=256)
    a = ap.parse_args(argv)
    if not a.model.endswith(".fp32.onnx"):
        raise SystemExit(f"--model {a.model}: expected an .fp32.onnx file")
    fp32 = onnx.load(a.model)
    meta = read_metadata(fp32)
    if meta.get("precision") != "fp32":
        raise SystemExit(f"--model {a.model}: metadata precision is {meta.get('precision')!r}, not fp32")
    state = deploy_state_from_onnx(fp32)
    dep = DeployLdseNet(infer_config(state, float(meta["z_range_um"])))
    dep.load_state_dict({k: v for k, v in state.items() if k in dep.state_dict()}, strict=True)
    data = load_stacks(a.data, objective=meta["objective"])
    tr_idx, te_idx = split_by_stack(data.stack_ids, a.test_fraction, a.seed)
    spec = calibrate(dep.eval(), calibration_batches(data.images[tr_idx], a.seed, a.calib_images))
    base = a.model[:-len(".fp32.onnx")]
    int8 = quantize_onnx(fp32, spec)
    onnx.save(int8, base + ".int8.onnx")
    print(f"wrote {base}.int8.onnx ({os.path.getsize(base + '.int8.onnx')} B), calibrated on "
          f"{min(a.calib_images, len(tr_idx))} training patches")
    if os.path.exists(base + ".metrics.json"):
        _refresh_int8_metrics(base, dep, FakeQuantTwin(dep, spec), int8, data.subset(te_idx))
    return 0


def _refresh_int8_metrics(base: str, dep: nn.Module, twin: nn.Module, int8: onnx.ModelProto, te) -> None:
    """The int8 figures of metrics.json, measured again as train.py measures them (same test split), so the
    stated accuracy the tests read belongs to the file that ships."""
    import json
    import os

    import onnx_numpy
    from metrics import accuracy, evaluation_indices, graph_check_indices, predict
    with open(base + ".metrics.json", encoding="utf-8") as f:
        metrics = json.load(f)
    ev = te.subset(evaluation_indices(len(te), bool(metrics.get("smoke"))))
    p32, p8 = predict(dep, ev.images), predict(twin, ev.images)
    few = te.images[graph_check_indices(len(te))]
    graph8 = onnx_numpy.run(int8, {"image": preprocess(few).numpy()})["defocus_um"].reshape(-1)
    metrics.update({
        "int8_bytes": os.path.getsize(base + ".int8.onnx"),
        "test_int8": accuracy(p8, ev.z_um),
        "int8_vs_fp32_max_abs_um": float(np.max(np.abs(p8 - p32))),
        "int8_vs_fp32_rms_um": float(np.sqrt(np.mean((p8 - p32) ** 2))),
        "onnx_int8_vs_twin_max_abs_um": float(np.max(np.abs(graph8 - predict(twin, few)))),
        "int8_requantized_by": "quantize.py",
    })
    with open(base + ".metrics.json", "w", encoding="utf-8") as f:
        json.dump(metrics, f, indent=2)
    print(f"updated {base}.metrics.json: test int8 {json.dumps(metrics['test_int8'])}")


if __name__ == "__main__":
    raise SystemExit(main())
