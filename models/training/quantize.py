"""Post-training int8 quantization as a QDQ ONNX model, plus its exact torch twin.

Calibration runs the fp32 deploy graph in torch with forward hooks on every quantized conv and records
the range of its input and output activations. Those ranges become QuantizeLinear/DequantizeLinear
pairs inserted with the onnx package around each Conv node (found by its weight initializer, which is
named after the torch module), weights become per-channel symmetric int8 initializers (axis 0) and
biases int32 at scale s_in * s_w, the layout ONNX Runtime's QDQ transformer fuses into QLinearConv.

Every conv is quantized, the squeeze-excitation 1x1 convs included (fp32 they would cost 7 KB of the
100 KB budget); only the final FC (86 weights) stays fp32, so the µm output has no 8-bit steps.

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

from augment import MEAN, STD
from ldse_net import DeployLdseNet

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
        spec[n] = ConvQuant(ActQuant.from_range(lo_i, hi_i), ActQuant.from_range(lo_o, hi_o))
    return spec


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
             if v.dtype == np.float32 and not k.endswith(SCALE)}
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
