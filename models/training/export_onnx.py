"""fp32 ONNX export of the deploy graph, with the metadata_props of docs/contracts.md ("Model file")."""
from __future__ import annotations

import io
import json

import onnx
import torch
from onnx import numpy_helper

from augment import MEAN, SCALE, STD
from ldse_net import DeployLdseNet

OPSET = 13
INPUT = "image"
OUTPUT = "defocus_um"
FORMAT = "ldse-net/1"


def model_metadata(objective: str, pixel_size_um: float, z_range_um: float, precision: str, version: str,
                   training_data: dict, fine_tuned_from: str | None = None) -> dict[str, str]:
    """The contract's metadata_props; `fine_tuned_from` ("<file>@<version>" of the --init model) only when
    the weights started from another model rather than from scratch."""
    meta = {
        "focuscontroller.format": FORMAT,
        "patch_size": "224",
        "preprocess.scale": repr(SCALE),
        "preprocess.mean": ",".join(repr(float(m)) for m in MEAN),
        "preprocess.std": ",".join(repr(float(s)) for s in STD),
        "objective": objective,
        "pixel_size_um": repr(float(pixel_size_um)),
        "z_range_um": f"{float(z_range_um):g}",
        "precision": precision,
        "version": version,
        "training_data": json.dumps(training_data, sort_keys=True, separators=(",", ":")),
    }
    if fine_tuned_from:
        meta["fine_tuned_from"] = fine_tuned_from
    return meta


def set_metadata(model: onnx.ModelProto, meta: dict[str, str]) -> None:
    del model.metadata_props[:]
    for k, v in meta.items():
        p = model.metadata_props.add()
        p.key, p.value = k, str(v)


def read_metadata(model: onnx.ModelProto) -> dict[str, str]:
    return {p.key: p.value for p in model.metadata_props}


def _inline_identity_initializers(model: onnx.ModelProto) -> None:
    """torch's exporter shares equal-valued parameters (e.g. untouched BN weights) through Identity
    nodes; give each consumer its own initializer so every parameter keeps its module's name, which the
    quantizer and the ONNX->torch loader key on."""
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    keep = []
    for n in g.node:
        if n.op_type == "Identity" and n.input[0] in inits:
            t = onnx.TensorProto()
            t.CopyFrom(inits[n.input[0]])
            t.name = n.output[0]
            g.initializer.append(t)
        else:
            keep.append(n)
    del g.node[:]
    g.node.extend(keep)


def _compact(name: str) -> str:
    """'/features/features.4/features.4.2/act/Tanh' -> 'features.4.2.act.Tanh': torch's scope names
    repeat every parent, and in the int8 file (where each tensor name recurs in Q/DQ nodes and their
    scale initializers) that repetition alone costs ~20 KB of the 100 KB budget."""
    parts = [p for p in name.strip("/").split("/") if p]
    kept = [p for i, p in enumerate(parts) if not (i + 1 < len(parts) and parts[i + 1].startswith(p + "."))]
    return ".".join(kept)


def _shorten_names(model: onnx.ModelProto) -> None:
    g = model.graph
    keep = {i.name for i in g.input} | {o.name for o in g.output} | {i.name for i in g.initializer}
    rename: dict[str, str] = {}
    for n in g.node:
        n.name = _compact(n.name) if n.name else n.name
        for k, o in enumerate(n.output):
            if o not in keep:
                rename[o] = n.name + (f":{k}" if k else "")
                n.output[k] = rename[o]
        for k, i in enumerate(n.input):
            if i in rename:
                n.input[k] = rename[i]


def export_fp32(dep: DeployLdseNet, path: str | None, meta: dict[str, str]) -> onnx.ModelProto:
    dep = dep.eval()
    buf = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(dep, torch.zeros(1, 3, 224, 224), buf, input_names=[INPUT], output_names=[OUTPUT],
                          dynamic_axes={INPUT: {0: "N"}, OUTPUT: {0: "N"}}, opset_version=OPSET,
                          do_constant_folding=True)
    model = onnx.load_from_string(buf.getvalue())
    _inline_identity_initializers(model)
    _shorten_names(model)
    model.producer_name = "focuscontroller-models-training"
    set_metadata(model, meta)
    onnx.checker.check_model(model)
    if path:
        onnx.save(model, path)
    return model


def deploy_state_from_onnx(model: onnx.ModelProto) -> dict[str, torch.Tensor]:
    """Float initializers of an fp32 export, by parameter name (inverse of export_fp32)."""
    return {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in model.graph.initializer
            if i.data_type == onnx.TensorProto.FLOAT}
