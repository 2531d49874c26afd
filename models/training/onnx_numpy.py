"""A small numpy interpreter for the ops the LDSE-NET graphs use (fp32 and QDQ), so exports can be
checked numerically without onnxruntime (not installed for this Python; onnx 1.12 has no reference
evaluator). Semantics follow the ONNX operator spec for opset 13."""
from __future__ import annotations

import numpy as np
import onnx
from numpy.lib.stride_tricks import sliding_window_view
from onnx import numpy_helper


def _attrs(node) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _conv(x, w, b, a):
    group = a.get("group", 1)
    if group != 1:
        raise NotImplementedError("grouped conv")
    sh, sw = a.get("strides", [1, 1])
    pads = a.get("pads", [0, 0, 0, 0])
    dh, dw = a.get("dilations", [1, 1])
    if (dh, dw) != (1, 1):
        raise NotImplementedError("dilation")
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    kh, kw = w.shape[2:]
    win = sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]  # N,C,OH,OW,kh,kw
    y = np.einsum("nchwij,ocij->nohw", win, w, optimize=True)
    if b is not None:
        y = y + b.reshape(1, -1, 1, 1)
    return y.astype(np.float32)


def _pool(x, a, kind):
    kh, kw = a["kernel_shape"]
    sh, sw = a.get("strides", [1, 1])
    pads = a.get("pads", [0, 0, 0, 0])
    fill = -np.inf if kind == "max" else 0.0
    xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])), constant_values=fill)
    win = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]
    if kind == "max":
        return win.max(axis=(4, 5))
    if any(pads) and not a.get("count_include_pad", 0):
        ones = np.pad(np.ones(x.shape[2:]), ((pads[0], pads[2]), (pads[1], pads[3])))
        cnt = sliding_window_view(ones, (kh, kw))[::sh, ::sw].sum(axis=(2, 3))
        return (win.sum(axis=(4, 5)) / cnt).astype(np.float32)
    return win.mean(axis=(4, 5)).astype(np.float32)


def _bcast(v, axis, ndim):
    if v.ndim == 0:
        return v
    shape = [1] * ndim
    shape[axis] = -1
    return v.reshape(shape)


def run(model: onnx.ModelProto, feeds: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    env = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    env.update(feeds)
    for n in model.graph.node:
        a = _attrs(n)
        x = [env[i] if i else None for i in n.input]
        op = n.op_type
        if op == "Conv":
            y = _conv(x[0], x[1], x[2] if len(x) > 2 else None, a)
        elif op == "BatchNormalization":
            s = x[1] / np.sqrt(x[4] + a.get("epsilon", 1e-5))
            y = (x[0] - x[3].reshape(1, -1, 1, 1)) * s.reshape(1, -1, 1, 1) + x[2].reshape(1, -1, 1, 1)
        elif op == "Relu":
            y = np.maximum(x[0], 0)
        elif op == "Tanh":
            y = np.tanh(x[0])
        elif op == "MaxPool":
            y = _pool(x[0], a, "max")
        elif op == "AveragePool":
            y = _pool(x[0], a, "avg")
        elif op == "GlobalAveragePool":
            y = x[0].mean(axis=(2, 3), keepdims=True)
        elif op == "Concat":
            y = np.concatenate(x, axis=a["axis"])
        elif op == "Mul":
            y = x[0] * x[1]
        elif op == "Add":
            y = x[0] + x[1]
        elif op == "Flatten":
            ax = a.get("axis", 1)
            y = x[0].reshape(int(np.prod(x[0].shape[:ax])), -1)
        elif op == "Gemm":
            aa, bb = x[0], x[1]
            if a.get("transA", 0):
                aa = aa.T
            if a.get("transB", 0):
                bb = bb.T
            y = a.get("alpha", 1.0) * aa @ bb
            if len(x) > 2 and x[2] is not None:
                y = y + a.get("beta", 1.0) * x[2]
        elif op == "QuantizeLinear":
            axis = a.get("axis", 1)
            zp = x[2] if len(x) > 2 else np.zeros((), np.uint8)
            q = np.rint(x[0] / _bcast(x[1], axis, x[0].ndim)) + _bcast(zp.astype(np.int32), axis, x[0].ndim)
            info = np.iinfo(zp.dtype)
            y = np.clip(q, info.min, info.max).astype(zp.dtype)
        elif op == "DequantizeLinear":
            axis = a.get("axis", 1)
            zp = x[2] if len(x) > 2 else np.zeros((), x[0].dtype)
            y = ((x[0].astype(np.int64) - _bcast(zp.astype(np.int64), axis, x[0].ndim))
                 * _bcast(x[1], axis, x[0].ndim))
        elif op == "Constant":
            y = numpy_helper.to_array(a["value"])
        else:
            raise NotImplementedError(op)
        env[n.output[0]] = np.asarray(y, dtype=y.dtype if op in ("QuantizeLinear", "Constant") else np.float32)
    return {o.name: env[o.name] for o in model.graph.output}
