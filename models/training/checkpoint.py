"""Loading a model to start from: a torch checkpoint (.pt) written by train.py, or a shipped fp32 or
int8 ONNX file (weights read back from its initializers; int8 weights are dequantized)."""
from __future__ import annotations

import os
import re

import onnx
import torch

from export_onnx import deploy_state_from_onnx, read_metadata
from ldse_net import LdseConfig, LdseNet, unfold_from_deploy
from quantize import spec_and_state_from_qdq


def infer_config(state: dict[str, torch.Tensor], out_scale_um: float) -> LdseConfig:
    """Architecture from parameter shapes (the ONNX files carry weights, not the config)."""
    stem = int(state["stem_conv.weight"].shape[0])
    blocks: dict[int, int] = {}
    growth: dict[int, int] = {}
    trans: dict[int, int] = {}
    for k, v in state.items():
        m = re.fullmatch(r"features\.(\d+)\.(\d+)\.conv\.weight", k)
        if m:
            b, i = int(m.group(1)), int(m.group(2))
            blocks[b] = max(blocks.get(b, 0), i + 1)
            growth[b] = int(v.shape[0])
        m = re.fullmatch(r"features\.(\d+)\.conv\.weight", k)
        if m:
            trans[int(m.group(1))] = int(v.shape[0])
    order = sorted(blocks)
    c = stem + sum(growth[order[0]] for _ in range(blocks[order[0]]))
    compression = trans[order[0] + 1] / c if order[0] + 1 in trans else 0.5
    hidden = int(state["se.fc1.weight"].shape[0])
    channels = int(state["se.fc1.weight"].shape[1])
    return LdseConfig(stem_channels=stem, growth=tuple(growth[b] for b in order),
                      layers=tuple(blocks[b] for b in order), compression=compression,
                      se_reduction=max(1, channels // hidden), out_scale_um=out_scale_um)


def load_initial(path: str) -> tuple[LdseNet, dict]:
    """(training model, info) from a .pt checkpoint or an .onnx model file."""
    if not os.path.exists(path):
        raise FileNotFoundError(f"--init {path}: no such file")
    if path.endswith(".onnx"):
        model = onnx.load(path)
        meta = read_metadata(model)
        if meta.get("precision") == "int8":
            _, state = spec_and_state_from_qdq(model)
        else:
            state = deploy_state_from_onnx(model)
        scale = float(meta.get("z_range_um", "10"))
        cfg = infer_config(state, scale)
        net = unfold_from_deploy(state, cfg)
        return net, {"objective": meta.get("objective"), "version": meta.get("version"), "source": path}
    ck = torch.load(path, map_location="cpu")
    if not isinstance(ck, dict) or "state_dict" not in ck:
        raise ValueError(f"--init {path}: not a checkpoint written by models/training/train.py")
    cfg = LdseConfig.from_dict(ck["config"])
    net = LdseNet(cfg)
    net.load_state_dict(ck["state_dict"])
    return net, {"objective": ck.get("objective"), "version": ck.get("version"), "source": path}


def save_checkpoint(path: str, model: LdseNet, **info) -> None:
    torch.save({"config": model.config.to_dict(), "state_dict": model.state_dict(), **info}, path)


def load_inference_model(path: str) -> tuple[torch.nn.Module, dict[str, str]]:
    """The torch twin of a model file, for evaluation: an fp32 .onnx as its deploy graph, an int8 .onnx
    as the fake-quant twin of its QDQ graph (same scales and rounding), a .pt as its folded model."""
    from augment import MEAN, SCALE, STD
    from ldse_net import DeployLdseNet, fold_for_deploy
    from quantize import FakeQuantTwin

    if path.endswith(".onnx"):
        model = onnx.load(path)
        meta = read_metadata(model)
        expect = {"preprocess.scale": SCALE, "preprocess.mean": MEAN, "preprocess.std": STD}
        for key, want in expect.items():
            got = [float(v) for v in meta.get(key, "nan").split(",")]
            if not all(abs(g - w) < 1e-9 for g, w in zip(got, want if isinstance(want, tuple) else (want,))):
                raise ValueError(f"{path}: metadata {key}={meta.get(key)!r}, this pipeline preprocesses with {want}")
        spec = None
        if meta.get("precision") == "int8":
            spec, state = spec_and_state_from_qdq(model)
        else:
            state = deploy_state_from_onnx(model)
        dep = DeployLdseNet(infer_config(state, float(meta.get("z_range_um", "10"))))
        dep.load_state_dict({k: v for k, v in state.items() if k in dep.state_dict()}, strict=True)
        dep.eval()
        return (FakeQuantTwin(dep, spec) if spec else dep), meta
    net, info = load_initial(path)
    return fold_for_deploy(net.eval()), {"objective": info.get("objective") or "", "version": info.get("version") or "",
                                         "precision": "fp32"}
